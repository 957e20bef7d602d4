package dev.pulse.aggregation.query;

/**
 * The rollup grains a query can read: per minute, or per hour for ranges on whole hours bucketed by the hour or
 * the day, where a week is 168 rows per dimension combination instead of 10,080.
 */
enum Rollup {
    MINUTE("minute", "events_minute", "events_minute_measures"),
    HOUR("hour", "events_hour", "events_hour_measures");

    private final String timeColumn;
    private final String countsTable;
    private final String measuresTable;

    Rollup(String timeColumn, String countsTable, String measuresTable) {
        this.timeColumn = timeColumn;
        this.countsTable = countsTable;
        this.measuresTable = measuresTable;
    }

    /** The coarsest grain that answers {@code selection} bucketed by {@code interval} exactly. */
    static Rollup of(Selection selection, Interval interval) {
        return interval != Interval.MINUTE && selection.wholeHours() ? HOUR : MINUTE;
    }

    /** The coarsest grain that answers {@code selection} as a whole exactly. */
    static Rollup of(Selection selection) {
        return selection.wholeHours() ? HOUR : MINUTE;
    }

    String timeColumn() {
        return timeColumn;
    }

    String table(Metric metric) {
        return metric.ofMeasure() ? measuresTable : countsTable;
    }
}
