package dev.pulse.aggregation.sink;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.pulse.aggregation.rollup.Measures;
import dev.pulse.aggregation.rollup.Minutes;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventContext;
import dev.pulse.model.RawEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of the ClickHouse {@code events} table, with the column names as fields. Times are written as
 * {@code YYYY-MM-DD hh:mm:ss} in UTC, the DateTime text form every ClickHouse release parses.
 */
record EventRow(
        String tenant,
        String messageId,
        String type,
        String event,
        String userId,
        String anonymousId,
        String distinctId,
        String timestamp,
        String sentAt,
        String receivedAt,
        String processedAt,
        String properties,
        String ip,
        String userAgent,
        String pageUrl,
        String pageReferrer,
        String derivedTimestamp,
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
        List<String> measureNames,
        double[] measureValues,
        int kafkaPartition,
        long kafkaOffset) implements OffsetRow {

    /** What a pass-through record (written before enrichment derived anything) stands for. */
    private static final Enrichments NONE = new Enrichments(null, false, false, null, null, null, null, null, null, false);

    @Override
    @JsonIgnore
    public String day() {
        return ClickHouseTimes.day(timestamp);
    }

    /** The minute this row is counted in by the rollups, as ClickHouse writes it. */
    @JsonIgnore
    String minute() {
        return derivedTimestamp.substring(0, 16) + ":00";
    }


    static EventRow of(EnrichedEvent enriched, int partition, long offset, JsonMapper json, Measures measures) {
        RawEvent event = enriched.event();
        Optional<EventContext> context = Optional.ofNullable(event.context());
        Map<String, Object> properties = event.properties() == null ? Map.of() : event.properties();
        Enrichments derived = enriched.enrichments() == null ? NONE : enriched.enrichments();
        Optional<Enrichments.Geo> geo = Optional.ofNullable(derived.geo());
        Optional<Enrichments.Device> device = Optional.ofNullable(derived.device());
        Optional<EventContext.Campaign> campaign = Optional.ofNullable(derived.campaign());
        List<Measures.Measure> measured = measures.of(event.properties());
        return new EventRow(
                event.tenant(),
                event.messageId(),
                event.type() == null ? null : event.type().name().toLowerCase(java.util.Locale.ROOT),
                event.countedName(),
                event.userId(),
                event.anonymousId(),
                event.distinctId(),
                ClickHouseTimes.dateTime(Minutes.eventTime(enriched)),
                ClickHouseTimes.dateTime(event.sentAt()),
                ClickHouseTimes.dateTime(event.receivedAt()),
                ClickHouseTimes.dateTime(enriched.processedAt()),
                json.writeValueAsString(properties),
                context.map(EventContext::ip).orElse(null),
                context.map(EventContext::userAgent).orElse(null),
                page(context, EventContext.Page::url),
                page(context, EventContext.Page::referrer),
                // always written: JSONEachRow on 18.16 fills an omitted column with zero, not with its DEFAULT expression
                ClickHouseTimes.dateTime(Minutes.countedAt(enriched)),
                flag(derived.future()),
                flag(derived.late()),
                geo.map(Enrichments.Geo::country).orElse(null),
                geo.map(Enrichments.Geo::region).orElse(null),
                geo.map(Enrichments.Geo::city).orElse(null),
                geo.map(Enrichments.Geo::asn).orElse(null),
                device.map(Enrichments.Device::browser).orElse(null),
                device.map(Enrichments.Device::browserVersion).orElse(null),
                device.map(Enrichments.Device::os).orElse(null),
                device.map(Enrichments.Device::osVersion).orElse(null),
                device.map(Enrichments.Device::deviceClass).orElse(null),
                flag(device.map(Enrichments.Device::bot).orElse(false)),
                Optional.ofNullable(derived.page()).map(Enrichments.PageUrl::host).orElse(null),
                Optional.ofNullable(derived.page()).map(Enrichments.PageUrl::path).orElse(null),
                campaign.map(EventContext.Campaign::name).orElse(null),
                campaign.map(EventContext.Campaign::source).orElse(null),
                campaign.map(EventContext.Campaign::medium).orElse(null),
                derived.referrerClass(),
                flag(derived.partial()),
                measured.stream().map(Measures.Measure::name).toList(),
                measured.stream().mapToDouble(Measures.Measure::value).toArray(),
                partition,
                offset);
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    private static String page(Optional<EventContext> context, Function<EventContext.Page, String> field) {
        return context.map(EventContext::page).map(field).orElse(null);
    }

}
