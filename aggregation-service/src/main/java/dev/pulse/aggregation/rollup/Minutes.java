package dev.pulse.aggregation.rollup;

import dev.pulse.model.EnrichedEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The minute an event is counted in: the start of the minute of its derived timestamp (the client's clock corrected
 * by enrichment), or of its own timestamp when enrichment derived none. ClickHouse buckets by the same rule
 * ({@code toStartOfMinute(derived_timestamp)}, whose default is {@code timestamp}).
 */
public final class Minutes {

    private Minutes() {
    }

    public static Instant countedAt(EnrichedEvent enriched) {
        if (enriched.enrichments() != null && enriched.enrichments().derivedTimestamp() != null) {
            return enriched.enrichments().derivedTimestamp();
        }
        return enriched.event().timestamp() != null ? enriched.event().timestamp() : enriched.event().receivedAt();
    }

    public static Instant minuteOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }
}
