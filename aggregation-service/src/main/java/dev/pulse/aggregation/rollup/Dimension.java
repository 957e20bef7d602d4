package dev.pulse.aggregation.rollup;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;

/** The main dimensions the rollups break counts down by, with their ClickHouse rollup column names. */
public enum Dimension {
    COUNTRY("country"),
    DEVICE_CLASS("device_class"),
    BROWSER("browser"),
    CAMPAIGN("campaign"),
    REFERRER_CLASS("referrer_class");

    private final String column;

    Dimension(String column) {
        this.column = column;
    }

    /** The column of the minute rollups holding this dimension. */
    public String column() {
        return column;
    }

    /** This dimension's value for an event, or null when enrichment derived none. */
    public String of(EnrichedEvent enriched) {
        Enrichments derived = enriched.enrichments();
        if (derived == null) {
            return null;
        }
        return switch (this) {
            case COUNTRY -> derived.geo() == null ? null : derived.geo().country();
            case DEVICE_CLASS -> derived.device() == null ? null : derived.device().deviceClass();
            case BROWSER -> derived.device() == null ? null : derived.device().browser();
            case CAMPAIGN -> derived.campaign() == null ? null : derived.campaign().name();
            case REFERRER_CLASS -> derived.referrerClass();
        };
    }
}
