package dev.pulse.model;

import java.time.Instant;

/**
 * A raw event after enrichment: the value of a record on {@link Topics#ENRICHED}.
 *
 * @param schemaVersion the wire schema version of this record, {@link #SCHEMA_VERSION} when written by this code
 * @param event the raw event as ingestion stored it
 * @param processedAt when enrichment processed it
 */
public record EnrichedEvent(int schemaVersion, RawEvent event, Instant processedAt) {

    /** Bumped on every incompatible change of the enriched record; readers reject versions they do not know. */
    public static final int SCHEMA_VERSION = 1;

    public static EnrichedEvent of(RawEvent event, Instant processedAt) {
        return new EnrichedEvent(SCHEMA_VERSION, event, processedAt);
    }
}
