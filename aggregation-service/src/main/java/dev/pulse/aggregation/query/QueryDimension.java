package dev.pulse.aggregation.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dimensions queries filter and group by, with their column in the minute rollups (null: only the raw
 * {@code events} table has it) and in {@code events}. Request names are camel case ({@code deviceClass}).
 */
enum QueryDimension {
    /** The event name: for top values and grouping; filtering by it is the {@code event} parameter. */
    EVENT("event", "event", "event"),
    COUNTRY("country", "country", "country"),
    DEVICE_CLASS("deviceClass", "device_class", "device_class"),
    BROWSER("browser", "browser", "browser"),
    CAMPAIGN("campaign", "campaign", "campaign_name"),
    REFERRER_CLASS("referrerClass", "referrer_class", "referrer_class"),
    OS("os", null, "os");

    private final String requestName;
    private final String rollupColumn;
    private final String eventsColumn;

    QueryDimension(String requestName, String rollupColumn, String eventsColumn) {
        this.requestName = requestName;
        this.rollupColumn = rollupColumn;
        this.eventsColumn = eventsColumn;
    }

    String requestName() {
        return requestName;
    }

    /** Whether a request parameter of this name filters on it ({@code event} is the selection's own parameter). */
    boolean filters() {
        return this != EVENT;
    }

    boolean inRollups() {
        return rollupColumn != null;
    }

    String column(boolean rollup) {
        return rollup ? rollupColumn : eventsColumn;
    }

    static QueryDimension named(String name) {
        return Arrays.stream(values()).filter(d -> d.requestName.equals(name)).findFirst()
                .orElseThrow(() -> new InvalidQueryException("unknown dimension '" + name + "'; known: " + known()));
    }

    static String known() {
        return Arrays.stream(values()).map(QueryDimension::requestName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
