package dev.pulse.aggregation.rollup;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.RawEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The minute an event is counted in: the start of the minute of its derived timestamp (the client's clock corrected
 * by enrichment), or else of its own time. ClickHouse buckets by the same rule: the sink writes {@link #countedAt} as
 * {@code derived_timestamp} and {@link #eventTime} as {@code timestamp}.
 */
public final class Minutes {

    private Minutes() {
    }

    /** The derived timestamp, else {@link #eventTime}; never null. */
    public static Instant countedAt(EnrichedEvent enriched) {
        if (enriched.enrichments() != null && enriched.enrichments().derivedTimestamp() != null) {
            return enriched.enrichments().derivedTimestamp();
        }
        return eventTime(enriched);
    }

    /**
     * The event's own time: its timestamp, else when ingestion received it, else when enrichment processed it (a
     * record written to Kafka by something other than ingestion may carry neither); never null.
     */
    public static Instant eventTime(EnrichedEvent enriched) {
        RawEvent event = enriched.event();
        if (event.timestamp() != null) {
            return event.timestamp();
        }
        return event.receivedAt() != null ? event.receivedAt() : enriched.processedAt();
    }

    public static Instant minuteOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }
}
