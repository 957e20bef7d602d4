package dev.pulse.aggregation.sink;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventContext;
import dev.pulse.model.RawEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
        int kafkaPartition,
        long kafkaOffset) {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    static EventRow of(EnrichedEvent enriched, int partition, long offset, JsonMapper json) {
        RawEvent event = enriched.event();
        Optional<EventContext> context = Optional.ofNullable(event.context());
        Map<String, Object> properties = event.properties() == null ? Map.of() : event.properties();
        return new EventRow(
                event.tenant(),
                event.messageId(),
                event.type() == null ? null : event.type().name().toLowerCase(java.util.Locale.ROOT),
                event.countedName(),
                event.userId(),
                event.anonymousId(),
                event.distinctId(),
                time(event.timestamp() != null ? event.timestamp() : event.receivedAt()),
                time(event.sentAt()),
                time(event.receivedAt()),
                time(enriched.processedAt()),
                json.writeValueAsString(properties),
                context.map(EventContext::ip).orElse(null),
                context.map(EventContext::userAgent).orElse(null),
                page(context, EventContext.Page::url),
                page(context, EventContext.Page::referrer),
                partition,
                offset);
    }

    private static String page(Optional<EventContext> context, Function<EventContext.Page, String> field) {
        return context.map(EventContext::page).map(field).orElse(null);
    }

    private static String time(Instant instant) {
        return instant == null ? null : DATE_TIME.format(instant);
    }
}
