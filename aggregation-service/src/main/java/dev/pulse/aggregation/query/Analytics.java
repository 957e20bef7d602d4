package dev.pulse.aggregation.query;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.aggregation.rollup.RollupProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Time series, top values and funnels: recent minutes from Redis when it holds them ({@link RecentMinutes}), else
 * ClickHouse — the rollups when they hold what a question needs (the hour rollups for whole-hour ranges bucketed by
 * hour or day, see {@link Rollup}), the raw {@code events} table otherwise (a
 * filter or grouping on the OS or on a property, and funnels). Percentiles always come from ClickHouse. Every query is
 * bounded: by range per interval, by groups and rows, and by a ClickHouse execution time limit. Answers about closed
 * intervals are cached for ten minutes; only a late event or a replay could still change them.
 */
@Component
class Analytics {

    static final int MAX_GROUPS = 20;
    static final int MAX_TOP = 100;
    static final int MAX_STEPS = 10;
    static final Duration MAX_FUNNEL_WINDOW = Duration.ofDays(30);
    private static final String OTHER = "(other)";
    private static final String NONE = "(none)";

    private final ClickHouseQueries clickHouse;
    private final RecentMinutes recent;
    private final String database;
    private final Duration lateness;
    private final Clock clock;
    private final String limits;
    private final AsyncLoadingCache<String, Instant> newestStored;
    private final Cache<Object, Object> closed = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    Analytics(ClickHouseQueries clickHouse, RecentMinutes recent, ClickHouseProperties clickHouseProperties,
            RollupProperties rollups, QueryProperties properties, Clock clock) {
        this.clickHouse = clickHouse;
        this.recent = recent;
        this.database = clickHouseProperties.database();
        this.lateness = rollups.lateness();
        this.clock = clock;
        this.limits = " SETTINGS max_execution_time = " + Math.max(1, properties.timeout().toSeconds());
        this.newestStored = Caffeine.newBuilder().maximumSize(10_000)
                .refreshAfterWrite(properties.storedRefresh())
                .expireAfterWrite(properties.storedRefresh().multipliedBy(30))
                .buildAsync((tenant, executor) -> queryNewestStored(tenant).toFuture());
    }

    /** One metric per bucket over the selection, optionally per value of one dimension (top N, the rest as "(other)"). */
    Mono<TimeSeries> timeSeries(Selection selection, Metric metric, String measure, Interval interval,
            QueryDimension groupBy, int groups) {
        selection.checkRange(interval.maxRange());
        if (metric.ofMeasure()) {
            Selection.checkName("measure", measure);
        }
        if (groups < 1 || groups > MAX_GROUPS) {
            throw new InvalidQueryException("groups must be 1 to " + MAX_GROUPS);
        }
        Mono<TimeSeries> fromClickHouse = Mono.defer(() -> fromClickHouse(selection, metric, measure, interval, groupBy,
                groups));
        if (!recent.fits(selection, metric, interval, groupBy)) {
            return fromClickHouse;
        }
        // Redis answers while it is at least as far along as ClickHouse; it tells how far along it is in the same
        // round trip as the series
        return Mono.zip(recent.series(selection, metric, measure), newestStored(selection.tenant()))
                .flatMap(read -> read.getT1().behind(read.getT2()) ? fromClickHouse
                        : Mono.just(new TimeSeries(lower(metric), measure, lower(interval), selection.from(),
                                selection.to(), "redis", read.getT1().points().isEmpty() ? List.of()
                                        : List.of(new Series(null, read.getT1().points())))));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Mono<TimeSeries> fromClickHouse(Selection selection, Metric metric, String measure, Interval interval,
            QueryDimension groupBy, int groups) {
        Rollup grain = selection.fitsRollups(groupBy) ? Rollup.of(selection, interval) : null;
        boolean rollup = grain != null;
        String table = database + '.' + (rollup ? grain.table(metric) : "events");
        Map<String, Object> binds = Selection.binds();
        String where = selection.where(grain, metric.ofMeasure() ? measure : null, binds);
        String group = "''";
        if (groupBy != null) {
            String column = groupBy.column(rollup);
            group = "if(" + column + " IN (SELECT " + column + " FROM " + table + " WHERE " + where + " GROUP BY " + column
                    + " ORDER BY " + metric.expression(rollup) + " DESC LIMIT " + groups + "), " + column + ", '" + OTHER + "')";
        }
        String time = rollup ? grain.timeColumn() : "toStartOfMinute(derived_timestamp)";
        String sql = "SELECT toUnixTimestamp(" + interval.bucket(time) + ") AS t, " + group + " AS g, "
                + metric.expression(rollup) + " AS v FROM " + table + " WHERE " + where + " GROUP BY t, g ORDER BY g, t"
                + limits;
        Object key = List.of("series", selection, metric, String.valueOf(measure), interval, String.valueOf(groupBy), groups);
        return cached(key, selection, clickHouse.rows(sql, binds).collectList().map(rows -> {
            Map<String, List<Point>> series = new LinkedHashMap<>();
            for (List<String> row : rows) {
                series.computeIfAbsent(row.get(1), g -> new ArrayList<>())
                        .add(new Point(Instant.ofEpochSecond(Long.parseLong(row.get(0))), number(row.get(2))));
            }
            List<Series> result = series.entrySet().stream()
                    .map(entry -> new Series(groupBy == null ? null : entry.getKey().isEmpty() ? NONE : entry.getKey(),
                            entry.getValue()))
                    .toList();
            return new TimeSeries(lower(metric), measure, lower(interval), selection.from(), selection.to(),
                    rollup ? "rollups" : "events", result);
        }));
    }

    /** The values of one dimension with the most of a metric over the selection. */
    Mono<List<TopValue>> top(Selection selection, QueryDimension dimension, Metric metric, String measure, int limit) {
        selection.checkRange(Interval.DAY.maxRange());
        if (metric.ofMeasure()) {
            Selection.checkName("measure", measure);
        }
        if (limit < 1 || limit > MAX_TOP) {
            throw new InvalidQueryException("limit must be 1 to " + MAX_TOP);
        }
        Rollup grain = selection.fitsRollups(dimension) ? Rollup.of(selection) : null;
        boolean rollup = grain != null;
        String table = database + '.' + (rollup ? grain.table(metric) : "events");
        Map<String, Object> binds = Selection.binds();
        String column = dimension.column(rollup);
        String sql = "SELECT " + column + ", " + metric.expression(rollup) + " AS v FROM " + table + " WHERE "
                + selection.where(grain, metric.ofMeasure() ? measure : null, binds) + " AND " + column + " != ''"
                + " GROUP BY " + column + " ORDER BY v DESC, " + column + " LIMIT " + limit + limits;
        Object key = List.of("top", selection, dimension, metric, String.valueOf(measure), limit);
        return cached(key, selection, clickHouse.rows(sql, binds)
                .map(row -> new TopValue(row.get(0), number(row.get(1)))).collectList());
    }

    /**
     * Users reaching each step of an ordered funnel: a user reaches step k when they did steps 1..k in order, each
     * within {@code window} of their first step (ClickHouse's {@code windowFunnel} over the raw events).
     */
    Mono<List<FunnelStep>> funnel(Selection selection, List<String> steps, Duration window) {
        selection.checkRange(Interval.HOUR.maxRange());
        if (steps.size() < 2 || steps.size() > MAX_STEPS) {
            throw new InvalidQueryException("a funnel has 2 to " + MAX_STEPS + " steps");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_FUNNEL_WINDOW) > 0) {
            throw new InvalidQueryException("the funnel window must be positive and at most " + MAX_FUNNEL_WINDOW.toDays() + " days");
        }
        Selection all = new Selection(selection.tenant(), null, selection.from(), selection.to(), selection.filters(),
                selection.propertyName(), selection.propertyValue());
        Map<String, Object> binds = Selection.binds();
        String where = all.where(null, null, binds);
        StringBuilder conditions = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            binds.put("s" + i, steps.get(i));
            conditions.append(", event = :s").append(i);
            names.append(i == 0 ? "" : ", ").append(":s").append(i);
        }
        // the window is a validated number: windowFunnel takes it as a constant parameter
        String sql = "SELECT level, count() FROM (SELECT distinct_id, windowFunnel(" + window.toSeconds()
                + ")(derived_timestamp" + conditions + ") AS level FROM " + database + ".events WHERE " + where
                + " AND event IN (" + names + ") GROUP BY distinct_id) GROUP BY level ORDER BY level" + limits;
        Object key = List.of("funnel", all, steps, window);
        return cached(key, selection, clickHouse.rows(sql, binds).collectList().map(rows -> {
            long[] atLevel = new long[steps.size() + 1];
            for (List<String> row : rows) {
                atLevel[Integer.parseInt(row.get(0))] = Long.parseLong(row.get(1));
            }
            List<FunnelStep> result = new ArrayList<>();
            long reached = 0;
            for (int level = steps.size(); level >= 1; level--) {
                reached += atLevel[level];
                result.addFirst(new FunnelStep(level, steps.get(level - 1), reached));
            }
            return result;
        }));
    }

    /**
     * Caches an answer when its range is closed: it ended a lateness before both now and the newest minute
     * ClickHouse holds for the tenant (so data still on its way through the pipeline is never cached as missing).
     */
    @SuppressWarnings("unchecked")
    private <T> Mono<T> cached(Object key, Selection selection, Mono<T> answer) {
        Object hit = closed.getIfPresent(key);
        if (hit != null) {
            return Mono.just((T) hit);
        }
        Instant open = clock.instant().minus(lateness);
        if (selection.to().isAfter(open)) {
            return answer;
        }
        return newestStored(selection.tenant()).flatMap(newest -> answer.doOnNext(value -> {
            if (!selection.to().isAfter(newest.minus(lateness))) {
                closed.put(key, value);
            }
        }));
    }

    /**
     * The start of the newest minute in the tenant's rollups; the epoch when there is none. Answered from memory,
     * refreshed in the background every {@code pulse.query.stored-refresh}, so a query costs no extra round trip. An
     * answer that old makes the closed-answer cache keep less, never more; for routing it means a hot path lagging
     * behind the sink (the rare case: it normally leads by the sink's batch interval) may still answer for up to
     * about one refresh interval.
     */
    private Mono<Instant> newestStored(String tenant) {
        return Mono.fromFuture(newestStored.get(tenant));
    }

    private Mono<Instant> queryNewestStored(String tenant) {
        return clickHouse.rows("SELECT toUnixTimestamp(max(minute)) FROM " + database + ".events_minute WHERE tenant = :tenant"
                + limits, Map.of("tenant", tenant))
                .next().map(row -> Instant.ofEpochSecond(Long.parseLong(row.get(0)))).defaultIfEmpty(Instant.EPOCH);
    }

    private static double number(String text) {
        return text == null || text.equals("nan") || text.equals("inf") || text.equals("-inf") ? 0 : Double.parseDouble(text);
    }

    /**
     * A time series answer.
     *
     * @param metric what was measured
     * @param measure the measure a sum or percentile is of, or null
     * @param interval the bucket
     * @param from the start of the range
     * @param to the end of the range (exclusive)
     * @param source {@code redis} (recent minutes from the hot path), {@code rollups} or {@code events} (ClickHouse)
     * @param series one per group (a single one with a null group when not grouped; {@code (none)} for events
     *        without a value, {@code (other)} for the groups beyond the top N); empty buckets are left out
     */
    record TimeSeries(String metric, String measure, String interval, Instant from, Instant to, String source,
            List<Series> series) {
    }

    record Series(String group, List<Point> points) {
    }

    record Point(Instant t, double value) {
    }

    record TopValue(String value, double metric) {
    }

    /**
     * @param step 1 for the first event of the funnel
     * @param event the step's event name
     * @param users users who reached this step in order within the window
     */
    record FunnelStep(int step, String event, long users) {
    }
}
