package dev.pulse.aggregation.reconcile;

import dev.pulse.aggregation.clickhouse.ClickHouseSql;
import dev.pulse.aggregation.rollup.Dimension;
import dev.pulse.aggregation.rollup.HotKeys;
import dev.pulse.aggregation.rollup.RollupProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Compares the Redis hot path with the ClickHouse rollups, the source of truth, for every closed minute still in
 * Redis, and repairs Redis where they differ: counts and sums must be equal, unique users within the HyperLogLog
 * error. A minute is closed once the newest event time seen on both sides has passed its end by the configured
 * lateness. Drift is exposed as metrics. Every replica runs it; repairs set values, so running twice does no harm.
 *
 * <p>A repair writes a minute's values as ClickHouse has them; an event for that minute applied to Redis between the
 * read and the write (an event later than the lateness) is corrected by the next run.
 */
@Component
public class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final DateTimeFormatter CLICKHOUSE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(30);

    private final ClickHouseSql clickHouse;
    private final ReactiveStringRedisTemplate redis;
    private final RollupProperties rollups;
    private final ReconciliationProperties properties;
    private final Clock clock;
    private final AtomicLong lastDrift = new AtomicLong();
    private final Counter repairedMinutes;
    private final Counter countDrift;

    Reconciliation(ClickHouseSql clickHouse, ReactiveStringRedisTemplate redis, RollupProperties rollups,
            ReconciliationProperties properties, Clock clock, MeterRegistry meters) {
        this.clickHouse = clickHouse;
        this.redis = redis;
        this.rollups = rollups;
        this.properties = properties;
        this.clock = clock;
        meters.gauge("pulse.reconciliation.drift", List.of(), lastDrift, AtomicLong::doubleValue);
        this.repairedMinutes = Counter.builder("pulse.reconciliation.repaired")
                .description("Minutes of one event whose Redis values were repaired from ClickHouse").register(meters);
        this.countDrift = Counter.builder("pulse.reconciliation.count.drift")
                .description("Events counted differently in Redis than in ClickHouse, summed over repairs").register(meters);
    }

    @Scheduled(fixedDelayString = "${pulse.reconciliation.interval:60s}",
            initialDelayString = "${pulse.reconciliation.interval:60s}")
    void scheduled() {
        try {
            reconcile();
        }
        catch (Exception ex) {
            log.warn("Reconciliation of Redis with ClickHouse failed; it runs again in {}", properties.interval(), ex);
        }
    }

    /** One run over all tenants; returns how many (minute, event) pairs were repaired. */
    public int reconcile() throws Exception {
        Duration reach = properties.window().compareTo(rollups.hotRetention()) < 0 ? properties.window() : rollups.hotRetention();
        Instant from = clock.instant().minus(reach).truncatedTo(ChronoUnit.MINUTES);
        long drift = 0;
        int repaired = 0;
        for (String[] row : clickHouse.rows("SELECT DISTINCT tenant FROM " + clickHouse.table("events_minute")
                + " WHERE minute >= " + time(from))) {
            String tenant = ClickHouseSql.unescape(row[0]);
            Instant closed = closedBefore(tenant);
            if (closed != null && closed.isAfter(from)) {
                Result result = reconcile(tenant, from, closed);
                drift += result.drift();
                repaired += result.repaired();
            }
        }
        lastDrift.set(drift);
        return repaired;
    }

    /** Minutes before this are closed for the tenant on both sides; null when either side has seen nothing. */
    private Instant closedBefore(String tenant) throws Exception {
        String newestInClickHouse = clickHouse.value("SELECT toUnixTimestamp(max(minute)) FROM "
                + clickHouse.table("events_minute") + " WHERE tenant = " + ClickHouseSql.literal(tenant));
        String newestInRedis = redis.opsForValue().get(HotKeys.watermark(tenant)).block(REDIS_TIMEOUT);
        if (newestInClickHouse == null || newestInRedis == null) {
            return null;
        }
        // the ClickHouse side is known to the minute only: its newest minute's start is the safe estimate
        Instant newest = Instant.ofEpochSecond(Long.parseLong(newestInClickHouse));
        Instant redisNewest = Instant.ofEpochMilli(Long.parseLong(newestInRedis));
        Instant both = newest.isBefore(redisNewest) ? newest : redisNewest;
        return both.minus(rollups.lateness()).truncatedTo(ChronoUnit.MINUTES);
    }

    private Result reconcile(String tenant, Instant from, Instant closed) throws Exception {
        String where = " WHERE tenant = " + ClickHouseSql.literal(tenant) + " AND minute >= " + time(from)
                + " AND minute < " + time(closed);
        Map<Instant, Map<String, Truth>> truth = new TreeMap<>();
        for (String[] row : clickHouse.rows("SELECT toUnixTimestamp(minute), event, countMerge(events), uniqMerge(users) FROM "
                + clickHouse.table("events_minute") + where + " GROUP BY minute, event")) {
            truth.computeIfAbsent(Instant.ofEpochSecond(Long.parseLong(row[0])), m -> new HashMap<>())
                    .put(ClickHouseSql.unescape(row[1]), new Truth(Long.parseLong(row[2]), Long.parseLong(row[3]), new HashMap<>()));
        }
        for (String[] row : clickHouse.rows("SELECT toUnixTimestamp(minute), event, measure, sumMerge(total) FROM "
                + clickHouse.table("events_minute_measures") + where + " GROUP BY minute, event, measure")) {
            Truth event = truth.getOrDefault(Instant.ofEpochSecond(Long.parseLong(row[0])), Map.of())
                    .get(ClickHouseSql.unescape(row[1]));
            if (event != null) {
                event.sums().put(ClickHouseSql.unescape(row[2]), row[3]);
            }
        }
        long drift = 0;
        int repaired = 0;
        for (Map.Entry<Instant, Map<String, Truth>> minute : truth.entrySet()) {
            Map<String, String> stored = redis.<String, String>opsForHash().entries(HotKeys.minute(tenant, minute.getKey()))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue).block(REDIS_TIMEOUT);
            for (Map.Entry<String, Truth> entry : minute.getValue().entrySet()) {
                String event = entry.getKey();
                Truth expected = entry.getValue();
                String counted = stored.get(HotKeys.countField(event));
                long actual = counted == null ? 0 : Long.parseLong(counted);
                boolean sumsDiffer = expected.sums().entrySet().stream().anyMatch(sum ->
                        !sameSum(sum.getValue(), stored.get(HotKeys.sumField(event, sum.getKey()))));
                long estimated = Objects.requireNonNullElse(redis.opsForHyperLogLog()
                        .size(HotKeys.users(tenant, minute.getKey(), event)).block(REDIS_TIMEOUT), 0L);
                boolean uniquesDiffer = Math.abs(estimated - expected.users())
                        > Math.max(1, expected.users() * properties.uniquesTolerance());
                if (expected.count() != actual || sumsDiffer || uniquesDiffer) {
                    drift += Math.abs(expected.count() - actual);
                    countDrift.increment(Math.abs(expected.count() - actual));
                    repair(tenant, minute.getKey(), event, expected);
                    repairedMinutes.increment();
                    repaired++;
                }
            }
        }
        if (repaired > 0) {
            log.info("Repaired {} (minute, event) pairs of tenant {} in Redis from ClickHouse; counts were off by {}",
                    repaired, tenant, drift);
        }
        return new Result(drift, repaired);
    }

    /** Writes one event's values of one minute as ClickHouse has them: count, sums, users and top dimension values. */
    private void repair(String tenant, Instant minute, String event, Truth truth) throws Exception {
        Instant expiry = minute.plus(rollups.hotRetention());
        String hash = HotKeys.minute(tenant, minute);
        Map<String, String> fields = new HashMap<>();
        fields.put(HotKeys.countField(event), Long.toString(truth.count()));
        truth.sums().forEach((measure, sum) -> fields.put(HotKeys.sumField(event, measure), sum));
        redis.opsForHash().putAll(hash, fields).then(redis.expireAt(hash, expiry)).block(REDIS_TIMEOUT);

        String eventFilter = " WHERE tenant = " + ClickHouseSql.literal(tenant) + " AND event = " + ClickHouseSql.literal(event);
        String users = HotKeys.users(tenant, minute, event);
        List<String> distinct = clickHouse.rows("SELECT DISTINCT distinct_id FROM " + clickHouse.table("events") + eventFilter
                + " AND toStartOfMinute(derived_timestamp) = " + time(minute) + " AND distinct_id != ''").stream()
                .map(row -> ClickHouseSql.unescape(row[0])).toList();
        redis.delete(users)
                .thenMany(Flux.fromIterable(distinct).buffer(1_000)
                        .concatMap(slice -> redis.opsForHyperLogLog().add(users, slice.toArray(String[]::new))))
                .then(redis.expireAt(users, expiry)).block(REDIS_TIMEOUT);

        for (Dimension dimension : Dimension.values()) {
            String top = HotKeys.top(tenant, minute, event, dimension.column());
            Set<ZSetOperations.TypedTuple<String>> counts = new HashSet<>();
            for (String[] row : clickHouse.rows("SELECT " + dimension.column() + ", countMerge(events) FROM "
                    + clickHouse.table("events_minute") + eventFilter + " AND minute = " + time(minute) + " AND "
                    + dimension.column() + " != '' GROUP BY " + dimension.column())) {
                counts.add(ZSetOperations.TypedTuple.of(ClickHouseSql.unescape(row[0]), Double.parseDouble(row[1])));
            }
            redis.delete(top)
                    .then(counts.isEmpty() ? Mono.empty() : redis.opsForZSet().addAll(top, counts).then(redis.expireAt(top, expiry)))
                    .block(REDIS_TIMEOUT);
        }
    }

    /** Sums are floating point, added in another order on each side: equal within a relative 1e-9. */
    private static boolean sameSum(String clickHouseSum, String redisSum) {
        if (redisSum == null) {
            return Double.parseDouble(clickHouseSum) == 0;
        }
        double expected = Double.parseDouble(clickHouseSum);
        double actual = Double.parseDouble(redisSum);
        return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
    }

    private static String time(Instant instant) {
        return "toDateTime('" + CLICKHOUSE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "', 'UTC')";
    }

    private record Result(long drift, int repaired) {
    }

    /** One event's values in one minute, as ClickHouse has them; sums by measure, as ClickHouse wrote them. */
    private record Truth(long count, long users, Map<String, String> sums) {
    }
}
