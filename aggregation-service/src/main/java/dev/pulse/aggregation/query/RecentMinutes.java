package dev.pulse.aggregation.query;

import dev.pulse.aggregation.rollup.HotKeys;
import dev.pulse.support.redis.RedisScripts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Recent minutes from the Redis hot path: a minute series over the last {@code pulse.query.redis-window} of counts,
 * unique users or a measure's sum, for one event or all, without dimension filters or grouping — the shape the
 * hot path keeps. Used only while Redis is at least as far along as ClickHouse (its newest counted event not
 * before ClickHouse's newest minute), so a lagging hot path never answers for a fresher ClickHouse. Counts and sums
 * are the same either way; unique users are HyperLogLog estimates (within about 1 %).
 */
@Component
class RecentMinutes {

    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> MINUTE_VALUES = RedisScripts.load("redis/minute-values.lua", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration window;
    private final Clock clock;

    RecentMinutes(ReactiveStringRedisTemplate redis, QueryProperties properties, Clock clock) {
        this.redis = redis;
        this.window = properties.redisWindow();
        this.clock = clock;
    }

    /** Whether a query of this shape may be answered here; whether Redis is fresh enough is asked separately. */
    boolean fits(Selection selection, Metric metric, Interval interval, QueryDimension groupBy) {
        return interval == Interval.MINUTE && groupBy == null && selection.filters().isEmpty()
                && selection.propertyName() == null
                && (metric == Metric.COUNT || metric == Metric.USERS || metric == Metric.SUM)
                && !selection.from().isBefore(clock.instant().minus(window));
    }

    /**
     * A series read from the hot path.
     *
     * @param newestCounted the newest event time the hot path had counted for the tenant when the series was read;
     *         null when it has counted nothing yet
     * @param points one per minute that has a value
     */
    record Recent(Instant newestCounted, List<Analytics.Point> points) {

        /** Whether ClickHouse is further along than this read, so it must answer instead. */
        boolean behind(Instant newestStored) {
            return newestCounted == null || newestCounted.isBefore(newestStored);
        }
    }

    /**
     * The series, one point per minute that has a value (minutes without events are left out, as ClickHouse does),
     * and how far the hot path had counted: for counts and sums both in one script, one round trip.
     */
    Mono<Recent> series(Selection selection, Metric metric, String measure) {
        Instant first = selection.from().truncatedTo(ChronoUnit.MINUTES);
        if (first.isBefore(selection.from())) {
            first = first.plus(Duration.ofMinutes(1));
        }
        List<Instant> minutes = new ArrayList<>();
        for (Instant minute = first; minute.isBefore(selection.to()); minute = minute.plus(Duration.ofMinutes(1))) {
            minutes.add(minute);
        }
        if (metric == Metric.USERS) {
            // the watermark first, so the points are at least as new as it says; the minutes are asked at once on
            // Lettuce's pipelined connection and put back in order (a minute without users adds no point)
            return redis.opsForValue().get(HotKeys.watermark(selection.tenant())).defaultIfEmpty("")
                    .flatMap(newest -> Flux.fromIterable(minutes)
                            .flatMapSequential(minute -> users(selection, minute)
                                    .map(value -> new Analytics.Point(minute, value)), 64)
                            .collectList()
                            .map(points -> new Recent(watermark(newest), points)))
                    .timeout(REDIS_TIMEOUT);
        }
        // counts and sums: the watermark and every minute's value in one script, one round trip
        List<String> keys = new ArrayList<>(minutes.size() + 1);
        keys.add(HotKeys.watermark(selection.tenant()));
        minutes.forEach(minute -> keys.add(HotKeys.minute(selection.tenant(), minute)));
        List<String> arguments = selection.event() != null
                ? List.of("field", metric == Metric.COUNT ? HotKeys.countField(selection.event())
                        : HotKeys.sumField(selection.event(), measure), "")
                : List.of("match", metric == Metric.COUNT ? "count:" : "sum:", metric == Metric.COUNT ? "" : ':' + measure);
        return redis.execute(MINUTE_VALUES, keys, arguments).next()
                .map(values -> {
                    List<Analytics.Point> points = new ArrayList<>();
                    for (int i = 1; i < values.size(); i++) {
                        // a minute without the field has no point, as it has no rollup row in ClickHouse
                        String value = String.valueOf(values.get(i));
                        if (!value.isEmpty()) {
                            points.add(new Analytics.Point(minutes.get(i - 1), Double.parseDouble(value)));
                        }
                    }
                    return new Recent(watermark(String.valueOf(values.getFirst())), points);
                })
                .timeout(REDIS_TIMEOUT);
    }

    /** The hot path's watermark as Redis stores it (epoch milliseconds); null for '' (nothing counted yet). */
    private static Instant watermark(String millis) {
        return millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    /** The unique users of a minute: the HyperLogLog of the event, or the union of every event's. */
    private Mono<Double> users(Selection selection, Instant minute) {
        String tenant = selection.tenant();
        return (selection.event() != null ? Mono.just(List.of(HotKeys.users(tenant, minute, selection.event())))
                : fields(HotKeys.minute(tenant, minute), "count:").map(counts -> counts.keySet().stream()
                        .map(field -> HotKeys.users(tenant, minute, field.substring("count:".length()))).toList()))
                .filter(keys -> !keys.isEmpty())
                .flatMap(keys -> redis.opsForHyperLogLog().size(keys.toArray(String[]::new)))
                .filter(users -> users > 0).map(Long::doubleValue);
    }

    private Mono<Map<String, String>> fields(String hash, String prefix) {
        return redis.<String, String>opsForHash().entries(hash).filter(entry -> entry.getKey().startsWith(prefix))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue).filter(map -> !map.isEmpty());
    }
}
