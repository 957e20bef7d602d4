package dev.pulse.model;

import java.util.List;

/** The Kafka topics events travel on. Record keys are {@link EventKeys#partitionKey}. */
public final class Topics {

    /** Events as accepted by ingestion, in {@link RawEvent} JSON. */
    public static final String RAW = "events.raw";
    /** Events after validation, dedup and enrichment, in {@link EnrichedEvent} JSON. */
    public static final String ENRICHED = "events.enriched";
    /** Typed records of events that could not be processed. */
    public static final String DEAD_LETTER = "events.dead-letter";

    public static final List<String> ALL = List.of(RAW, ENRICHED, DEAD_LETTER);

    private Topics() {
    }
}
