package dev.pulse.aggregation.query;

import java.util.Locale;

/**
 * What a time series or ranking measures. Counts and unique users come from the rollups' count tables (or
 * {@code events}); sums and percentiles of a measure from their measure tables (or the measure arrays of
 * {@code events}). See {@link Rollup}.
 */
enum Metric {
    COUNT(false, "countMerge(events)", "count()"),
    USERS(false, "uniqMerge(users)", "uniq(distinct_id)"),
    SUM(true, "sumMerge(total)", "sum(%s)"),
    P50(true, "quantilesTDigestMerge(0.5, 0.95, 0.99)(quantiles)[1]", "quantilesTDigest(0.5, 0.95, 0.99)(%s)[1]"),
    P95(true, "quantilesTDigestMerge(0.5, 0.95, 0.99)(quantiles)[2]", "quantilesTDigest(0.5, 0.95, 0.99)(%s)[2]"),
    P99(true, "quantilesTDigestMerge(0.5, 0.95, 0.99)(quantiles)[3]", "quantilesTDigest(0.5, 0.95, 0.99)(%s)[3]");

    /** A measure's value in a raw row, bound as {@code :measure}. */
    static final String MEASURE_VALUE = "arrayElement(measure_values, indexOf(measure_names, :measure))";

    private final boolean ofMeasure;
    private final String rollup;
    private final String raw;

    Metric(boolean ofMeasure, String rollup, String raw) {
        this.ofMeasure = ofMeasure;
        this.rollup = rollup;
        this.raw = raw;
    }

    boolean ofMeasure() {
        return ofMeasure;
    }

    String expression(boolean fromRollup) {
        return fromRollup ? rollup : raw.formatted(MEASURE_VALUE);
    }

    static Metric named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidQueryException("unknown metric '" + name + "'; known: count, users, sum, p50, p95, p99");
        }
    }
}
