package dev.pulse.model;

import java.time.Instant;

/**
 * A raw event after enrichment: the value of a record on {@link Topics#ENRICHED}.
 *
 * @param schemaVersion the wire schema version of this record, {@link #SCHEMA_VERSION} when written by this code
 * @param event the raw event as ingestion stored it, except where a tenant's privacy settings changed it (an
 *        anonymised IP address, hashed personal properties)
 * @param processedAt when enrichment processed it
 * @param enrichments what enrichment derived from it; empty parts for enrichers switched off
 */
public record EnrichedEvent(int schemaVersion, RawEvent event, Instant processedAt, Enrichments enrichments) {

    /** Bumped on every incompatible change of the enriched record; readers reject versions they do not know. */
    public static final int SCHEMA_VERSION = 1;

    /** A pass-through record: the event with nothing derived (timestamps uncorrected). */
    public static EnrichedEvent of(RawEvent event, Instant processedAt) {
        return new EnrichedEvent(SCHEMA_VERSION, event, processedAt, null);
    }

    public static EnrichedEvent of(RawEvent event, Instant processedAt, Enrichments enrichments) {
        return new EnrichedEvent(SCHEMA_VERSION, event, processedAt, enrichments);
    }
}
