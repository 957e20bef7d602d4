package dev.pulse.aggregation.sink;

import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.rollup.Measures;
import dev.pulse.aggregation.rollup.Minutes;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventContext;
import dev.pulse.model.RawEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of the ClickHouse {@code events} table, written as RowBinary in the order of {@link #COLUMNS}: no text
 * for ClickHouse to parse, which was the largest cost of an insert on both sides. Times are epoch seconds (the
 * {@code DateTime} columns' own form); a missing string is written as the empty string, a missing number as 0 — the
 * defaults the columns had for omitted JSONEachRow fields. The properties are kept as the UTF-8 bytes of their JSON,
 * which is what RowBinary writes (no string in between). Columns added by later migrations and not listed here take
 * their defaults.
 */
record EventRow(
        String tenant,
        String messageId,
        String type,
        String event,
        String userId,
        String anonymousId,
        String distinctId,
        long timestamp,
        Long sentAt,
        long receivedAt,
        long processedAt,
        byte[] properties,
        String ip,
        String userAgent,
        String pageUrl,
        String pageReferrer,
        long derivedTimestamp,
        int future,
        int late,
        String country,
        String region,
        String city,
        Long asn,
        String browser,
        String browserVersion,
        String os,
        String osVersion,
        String deviceClass,
        int bot,
        String pageHost,
        String pagePath,
        String campaignName,
        String campaignSource,
        String campaignMedium,
        String referrerClass,
        int partial,
        String[] measureNames,
        double[] measureValues,
        int kafkaPartition,
        long kafkaOffset) implements OffsetRow {

    /** The columns {@link #write} writes, in its order; it must change with them. */
    static final List<String> COLUMNS = List.of("tenant", "message_id", "type", "event", "user_id", "anonymous_id",
            "distinct_id", "timestamp", "sent_at", "received_at", "processed_at", "properties", "ip", "user_agent",
            "page_url", "page_referrer", "derived_timestamp", "future", "late", "country", "region", "city", "asn",
            "browser", "browser_version", "os", "os_version", "device_class", "bot", "page_host", "page_path",
            "campaign_name", "campaign_source", "campaign_medium", "referrer_class", "partial", "measure_names",
            "measure_values", "kafka_partition", "kafka_offset");

    /** How the sink inserts these rows. */
    static final RowInserter.Format<EventRow> FORMAT = new RowInserter.Format<>(ClickHouseFormat.RowBinary, COLUMNS,
            EventRow::write);

    /** What a pass-through record (written before enrichment derived anything) stands for. */
    private static final Enrichments NONE = new Enrichments(null, false, false, null, null, null, null, null, null, false);
    private static final EventContext.Page NO_PAGE = new EventContext.Page(null, null, null, null);
    private static final Enrichments.Geo NO_GEO = new Enrichments.Geo(null, null, null, null, null);
    private static final Enrichments.Device NO_DEVICE = new Enrichments.Device(null, null, null, null, null, false);
    private static final Enrichments.PageUrl NO_PAGE_URL = new Enrichments.PageUrl(null, null);
    private static final EventContext.Campaign NO_CAMPAIGN = new EventContext.Campaign(null, null, null, null, null);

    @Override
    public long epochDay() {
        return Math.floorDiv(timestamp, 86_400);
    }

    /** The minute this row is counted in by the rollups, in epoch seconds. */
    long minuteSecond() {
        return derivedTimestamp - Math.floorMod(derivedTimestamp, 60);
    }

    static EventRow of(EnrichedEvent enriched, int partition, long offset, EventCodec codec, Measures measures) {
        RawEvent event = enriched.event();
        EventContext context = event.context() == null ? EventContext.EMPTY : event.context();
        EventContext.Page page = context.page() == null ? NO_PAGE : context.page();
        Map<String, Object> properties = event.properties() == null ? Map.of() : event.properties();
        Enrichments derived = enriched.enrichments() == null ? NONE : enriched.enrichments();
        Enrichments.Geo geo = derived.geo() == null ? NO_GEO : derived.geo();
        Enrichments.Device device = derived.device() == null ? NO_DEVICE : derived.device();
        Enrichments.PageUrl pageUrl = derived.page() == null ? NO_PAGE_URL : derived.page();
        EventContext.Campaign campaign = derived.campaign() == null ? NO_CAMPAIGN : derived.campaign();
        // each configured measure looked up once, then the ones present copied into arrays of their own size
        double[] values = new double[measures.count()];
        int found = 0;
        for (int m = 0; m < values.length; m++) {
            values[m] = measures.value(m, event.properties());
            found += Double.isNaN(values[m]) ? 0 : 1;
        }
        String[] measureNames = new String[found];
        double[] measureValues = new double[found];
        for (int m = 0, at = 0; at < found; m++) {
            if (!Double.isNaN(values[m])) {
                measureNames[at] = measures.name(m);
                measureValues[at++] = values[m];
            }
        }
        return new EventRow(
                event.tenant(),
                event.messageId(),
                event.type() == null ? null : event.type().wireName(),
                event.countedName(),
                event.userId(),
                event.anonymousId(),
                event.distinctId(),
                seconds(Minutes.eventTime(enriched)),
                event.sentAt() == null ? null : event.sentAt().getEpochSecond(),
                seconds(event.receivedAt()),
                seconds(enriched.processedAt()),
                codec.encodeJson(properties),
                context.ip(),
                context.userAgent(),
                page.url(),
                page.referrer(),
                seconds(Minutes.countedAt(enriched)),
                flag(derived.future()),
                flag(derived.late()),
                geo.country(),
                geo.region(),
                geo.city(),
                geo.asn(),
                device.browser(),
                device.browserVersion(),
                device.os(),
                device.osVersion(),
                device.deviceClass(),
                flag(device.bot()),
                pageUrl.host(),
                pageUrl.path(),
                campaign.name(),
                campaign.source(),
                campaign.medium(),
                derived.referrerClass(),
                flag(derived.partial()),
                measureNames,
                measureValues,
                partition,
                offset);
    }

    /** This row as RowBinary, the columns in the order of {@link #COLUMNS}. */
    void write(RowInserter.Body out) {
        string(out, tenant);
        string(out, messageId);
        string(out, type);
        string(out, event);
        string(out, userId);
        string(out, anonymousId);
        string(out, distinctId);
        out.uint32(timestamp);
        if (sentAt == null) {
            out.uint8(1);
        }
        else {
            out.uint8(0);
            out.uint32(sentAt);
        }
        out.uint32(receivedAt);
        out.uint32(processedAt);
        out.string(properties);
        string(out, ip);
        string(out, userAgent);
        string(out, pageUrl);
        string(out, pageReferrer);
        out.uint32(derivedTimestamp);
        out.uint8(future);
        out.uint8(late);
        string(out, country);
        string(out, region);
        string(out, city);
        out.uint32(asn == null ? 0 : asn);
        string(out, browser);
        string(out, browserVersion);
        string(out, os);
        string(out, osVersion);
        string(out, deviceClass);
        out.uint8(bot);
        string(out, pageHost);
        string(out, pagePath);
        string(out, campaignName);
        string(out, campaignSource);
        string(out, campaignMedium);
        string(out, referrerClass);
        out.uint8(partial);
        out.varInt(measureNames.length);
        for (String name : measureNames) {
            string(out, name);
        }
        out.varInt(measureValues.length);
        for (double value : measureValues) {
            out.float64(value);
        }
        out.uint32(kafkaPartition);
        out.int64(kafkaOffset);
    }

    private static void string(RowInserter.Body out, String value) {
        out.string(value == null ? "" : value);
    }

    private static long seconds(Instant instant) {
        return instant == null ? 0 : instant.getEpochSecond();
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }
}
