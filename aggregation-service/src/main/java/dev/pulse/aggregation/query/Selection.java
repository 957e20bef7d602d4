package dev.pulse.aggregation.query;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which events a query looks at: one tenant, an optional event name, {@code [from, to)}, dimension filters and an
 * optional property filter. Every value is bound as a parameter; only validated names and numbers reach the SQL
 * text. Answered from the minute rollups unless a filter or grouping needs a column only the raw events have.
 */
record Selection(String tenant, String event, Instant from, Instant to, Map<QueryDimension, String> filters,
        String propertyName, String propertyValue) {

    /** Property and measure names: what the rollups accept, nothing that could leave a literal. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_VALUE_LENGTH = 512;

    Selection {
        if (from == null || to == null) {
            throw new InvalidQueryException("from and to are required (ISO-8601 instants, such as 2026-11-22T10:00:00Z)");
        }
        if (!from.isBefore(to)) {
            throw new InvalidQueryException("from must be before to");
        }
        if (event != null && (event.isBlank() || event.length() > 200)) {
            throw new InvalidQueryException("event must be 1 to 200 characters");
        }
        filters.values().forEach(Selection::checkValue);
        if ((propertyName == null) != (propertyValue == null)) {
            throw new InvalidQueryException("a property filter needs both property and propertyValue");
        }
        if (propertyName != null) {
            checkName("property", propertyName);
            checkValue(propertyValue);
        }
        filters = Map.copyOf(filters);
    }

    static Selection of(String tenant, String event, Instant from, Instant to, Map<String, String> parameters) {
        Map<QueryDimension, String> filters = new EnumMap<>(QueryDimension.class);
        for (QueryDimension dimension : QueryDimension.values()) {
            String value = parameters.get(dimension.requestName());
            if (value != null && dimension.filters()) {
                filters.put(dimension, value);
            }
        }
        return new Selection(tenant, event, from, to, filters, parameters.get("property"), parameters.get("propertyValue"));
    }

    static void checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidQueryException(what + " must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
    }

    private static void checkValue(String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidQueryException("filter values are at most " + MAX_VALUE_LENGTH + " characters");
        }
    }

    void checkRange(Duration longest) {
        if (Duration.between(from, to).compareTo(longest) > 0) {
            throw new InvalidQueryException("the range may cover at most " + longest.toDays() + " days at this interval");
        }
    }

    /** Whether the rollups can answer, also when grouped by {@code groupBy} (may be null). */
    boolean fitsRollups(QueryDimension groupBy) {
        return propertyName == null && filters.keySet().stream().allMatch(QueryDimension::inRollups)
                && (groupBy == null || groupBy.inRollups());
    }

    /** Whether the range starts and ends on whole hours, so the hour rollups answer it exactly. */
    boolean wholeHours() {
        return from.truncatedTo(ChronoUnit.HOURS).equals(from) && to.truncatedTo(ChronoUnit.HOURS).equals(to);
    }

    /**
     * The WHERE condition (without the keyword) for a rollup grain, or for {@code events} when {@code rollup} is
     * null; its values in {@code binds}.
     */
    String where(Rollup rollup, String measure, Map<String, Object> binds) {
        String time = rollup != null ? rollup.timeColumn() : "derived_timestamp";
        StringBuilder where = new StringBuilder("tenant = :tenant AND " + time + " >= toDateTime(:from) AND " + time
                + " < toDateTime(:to)");
        binds.put("tenant", tenant);
        binds.put("from", from.getEpochSecond());
        binds.put("to", to.getEpochSecond());
        if (event != null) {
            where.append(" AND event = :event");
            binds.put("event", event);
        }
        if (measure != null) {
            where.append(rollup != null ? " AND measure = :measure" : " AND has(measure_names, :measure)");
            binds.put("measure", measure);
        }
        filters.forEach((dimension, value) -> {
            String name = "f_" + dimension;
            where.append(" AND ").append(dimension.column(rollup != null)).append(" = :").append(name);
            binds.put(name, value);
        });
        if (propertyName != null) {
            where.append(" AND (visitParamExtractString(properties, :pname) = :pvalue"
                    + " OR visitParamExtractRaw(properties, :pname) = :pvalue)");
            binds.put("pname", propertyName);
            binds.put("pvalue", propertyValue);
        }
        return where.toString();
    }

    /** The binds as an ordered map, for callers that add their own. */
    static Map<String, Object> binds() {
        return new LinkedHashMap<>();
    }
}
