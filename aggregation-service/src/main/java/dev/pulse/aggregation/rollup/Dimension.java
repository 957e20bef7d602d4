package dev.pulse.aggregation.rollup;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import java.util.Optional;
import java.util.function.Function;

/** The main dimensions the rollups break counts down by, with their ClickHouse rollup column names. */
public enum Dimension {
    COUNTRY("country", e -> geo(e).map(Enrichments.Geo::country)),
    DEVICE_CLASS("device_class", e -> device(e).map(Enrichments.Device::deviceClass)),
    BROWSER("browser", e -> device(e).map(Enrichments.Device::browser)),
    CAMPAIGN("campaign", e -> Optional.ofNullable(e.campaign()).map(c -> c.name())),
    REFERRER_CLASS("referrer_class", e -> Optional.ofNullable(e.referrerClass()));

    private final String column;
    private final Function<Enrichments, Optional<String>> value;

    Dimension(String column, Function<Enrichments, Optional<String>> value) {
        this.column = column;
        this.value = value;
    }

    /** The column of the minute rollups holding this dimension. */
    public String column() {
        return column;
    }

    /** This dimension's value for an event, or null when enrichment derived none. */
    public String of(EnrichedEvent enriched) {
        return enriched.enrichments() == null ? null : value.apply(enriched.enrichments()).orElse(null);
    }

    private static Optional<Enrichments.Geo> geo(Enrichments enrichments) {
        return Optional.ofNullable(enrichments.geo());
    }

    private static Optional<Enrichments.Device> device(Enrichments enrichments) {
        return Optional.ofNullable(enrichments.device());
    }
}
