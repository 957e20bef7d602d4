package dev.pulse.aggregation.rollup;

import dev.pulse.aggregation.leaderboard.Leaderboard;
import dev.pulse.aggregation.leaderboard.LeaderboardDefinitions;
import dev.pulse.aggregation.live.LiveChannel;
import dev.pulse.aggregation.live.LiveUpdate;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.Topics;
import dev.pulse.support.metrics.PipelineLatency;
import dev.pulse.support.tracing.KafkaTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Redis hot path: counts {@link Topics#ENRICHED} into per-minute counters, HyperLogLog uniques, sums of the
 * configured measures, top dimension values and leaderboards, in its own consumer group, so a Redis outage never
 * stalls the ClickHouse sink (and the reverse).
 *
 * <p>Exactly-once effect: a batch is summed in memory per tenant, then applied with a script per tenant (and per
 * thousand records) that first checks and then advances that tenant's fence — the last offset applied per
 * partition. Records at or below the fence are skipped before summing, so a batch delivered again after a crash or a rebalance changes nothing. The
 * listener returns, and offsets are committed, only after every tenant's script ran; a failure is retried by the
 * container's error handler with the fences read again.
 */
@Component
public class HotCounters {

    private static final Logger log = LoggerFactory.getLogger(HotCounters.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Records one script applies at most. Redis runs a script to its end before anything else, so rank and counter
     * reads wait for it: a thousand records keep that wait near a millisecond, and each script advances the fences
     * for its own records, so a crash between two scripts of a batch still replays nothing twice.
     */
    private static final int RECORDS_PER_SCRIPT = 1_000;
    private static final RedisScript<Long> APPLY = RedisScript.of(new ClassPathResource("redis/apply-batch.lua"), Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final EventCodec codec;
    private final Measures measures;
    private final LeaderboardDefinitions leaderboards;
    private final LiveChannel live;
    private final Duration retention;
    private final Counter applied;
    private final Counter replayed;
    private final Counter skipped;
    private final Timer redisApply;
    private final PipelineLatency latency;
    private final Clock clock;
    private final KafkaTracing tracing;

    HotCounters(ReactiveStringRedisTemplate redis, EventCodec codec, Measures measures, LeaderboardDefinitions leaderboards,
            LiveChannel live, RollupProperties properties, MeterRegistry meters, Clock clock, KafkaTracing tracing) {
        this.tracing = tracing;
        this.live = live;
        this.redis = redis;
        this.codec = codec;
        this.measures = measures;
        this.leaderboards = leaderboards;
        this.retention = properties.hotRetention();
        this.applied = outcome(meters, "applied");
        this.replayed = outcome(meters, "replayed");
        this.skipped = outcome(meters, "skipped");
        this.redisApply = Timer.builder("pulse.hot.apply").description("one batch's Redis scripts, until Redis answered")
                .publishPercentileHistogram().register(meters);
        this.latency = new PipelineLatency(meters, "counted");
        this.clock = clock;
    }

    private static Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("pulse.hot.events").description("Enriched events seen by the Redis hot path")
                .tag("outcome", outcome).register(meters);
    }

    @KafkaListener(id = "redis-counters", groupId = "pulse-redis-counters", topics = Topics.ENRICHED)
    void onBatch(List<ConsumerRecord<String, ByteBuffer>> records) {
        tracing.inBatch("redis-counters", records, trace -> count(records));
    }

    private void count(List<ConsumerRecord<String, ByteBuffer>> records) {
        Map<String, List<Counted>> byTenant = new LinkedHashMap<>();
        long[] receivedAt = new long[records.size()];
        int decoded = 0;
        for (ConsumerRecord<String, ByteBuffer> record : records) {
            try {
                EnrichedEvent enriched = codec.decodeForCounting(record.value());
                receivedAt[decoded++] = enriched.event().receivedAt() == null ? 0
                        : enriched.event().receivedAt().toEpochMilli();
                byTenant.computeIfAbsent(enriched.event().tenant(), tenant -> new ArrayList<>())
                        .add(new Counted(enriched, record.partition(), record.offset()));
            }
            catch (EventFormatException ex) {
                // the ClickHouse sink keeps it as an unreadable dead letter; nothing to count here
                skipped.increment();
            }
        }
        // the Kafka listener thread waits here on purpose: offsets are committed only after Redis applied the batch
        long started = System.nanoTime();
        Flux.fromIterable(byTenant.entrySet())
                .flatMap(tenant -> apply(tenant.getKey(), tenant.getValue()), 16)
                .then()
                .block(WRITE_TIMEOUT);
        redisApply.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        latency.record(receivedAt, decoded, clock.millis());
    }

    private Mono<Void> apply(String tenant, List<Counted> events) {
        Mono<Map<Integer, Long>> fences = redis.<String, String>opsForHash().entries(HotKeys.fence(tenant))
                .collectMap(entry -> Integer.parseInt(entry.getKey()), entry -> Long.parseLong(entry.getValue()));
        return Mono.zip(fences, leaderboards.of(tenant)).flatMap(state -> {
            List<TenantBatch> scripts = new ArrayList<>();
            TenantBatch batch = new TenantBatch(tenant, state.getT1(), state.getT2());
            for (Counted counted : events) {
                if (batch.added == RECORDS_PER_SCRIPT) {
                    scripts.add(batch);
                    batch = new TenantBatch(tenant, batch.fencesAfter(), state.getT2());
                }
                try {
                    batch.add(counted);
                }
                catch (RuntimeException ex) {
                    // a record that cannot be counted must not stall the partition; reconciliation repairs from ClickHouse
                    skipped.increment();
                    log.warn("Could not count the record at {}-{}; skipped ({})", counted.partition(), counted.offset(),
                            ex.toString());
                }
            }
            if (batch.added > 0) {
                scripts.add(batch);
            }
            int added = scripts.stream().mapToInt(script -> script.added).sum();
            replayed.increment(events.size() - added);
            applied.increment(added);
            // in order: each script's fences start where the one before left them
            return Flux.fromIterable(scripts)
                    .concatMap(script -> redis.execute(APPLY, script.keys, script.arguments()))
                    .then(added == 0 ? Mono.empty() : live.publish(tenant, liveUpdate(scripts)));
        });
    }

    private static LiveUpdate liveUpdate(List<TenantBatch> scripts) {
        Map<String, Long> counts = new HashMap<>();
        List<LiveUpdate.Sample> sample = new ArrayList<>();
        for (TenantBatch script : scripts) {
            script.eventCounts.forEach((event, count) -> counts.merge(event, count, Long::sum));
            sample.addAll(script.sample);
        }
        return new LiveUpdate(counts, List.copyOf(sample.subList(Math.max(0, sample.size() - LiveUpdate.SAMPLE_SIZE),
                sample.size())));
    }

    /** The all-time count of {@code event} for {@code tenant}. */
    public Mono<Long> count(String tenant, String event) {
        return redis.<String, String>opsForHash().get(HotKeys.totals(tenant), event).map(Long::parseLong).defaultIfEmpty(0L);
    }

    private record Counted(EnrichedEvent enriched, int partition, long offset) {
    }

    /** One tenant's share of a batch, summed: the keys it touches and the script arguments that update them. */
    private final class TenantBatch {

        private final String tenant;
        private final Map<Integer, Long> fences;
        private final List<Leaderboard> boards;
        private final List<String> keys = new ArrayList<>();
        private final Map<String, Integer> keyIndex = new HashMap<>();
        private final Map<Integer, long[]> advanced = new LinkedHashMap<>();
        private final Map<KeyField, Long> increments = new LinkedHashMap<>();
        private final Map<KeyField, Double> floatIncrements = new LinkedHashMap<>();
        private final Map<KeyField, Double> rankIncrements = new LinkedHashMap<>();
        private final Map<Integer, Set<String>> users = new LinkedHashMap<>();
        private final Map<Integer, Long> expiries = new LinkedHashMap<>();
        private final Map<String, Long> eventCounts = new HashMap<>();
        private final java.util.ArrayDeque<LiveUpdate.Sample> sample = new java.util.ArrayDeque<>(LiveUpdate.SAMPLE_SIZE);
        private long watermark = -1;
        private int added;

        TenantBatch(String tenant, Map<Integer, Long> fences, List<Leaderboard> boards) {
            this.tenant = tenant;
            this.fences = fences;
            this.boards = boards;
            key(HotKeys.fence(tenant));
        }

        void add(Counted counted) {
            long fence = fences.getOrDefault(counted.partition(), -1L);
            if (counted.offset() <= fence) {
                return;
            }
            EnrichedEvent enriched = counted.enriched();
            String event = enriched.event().countedName();
            Instant at = Minutes.countedAt(enriched);
            Instant minute = Minutes.minuteOf(at);
            long expiry = minute.plus(retention).getEpochSecond();
            watermark = Math.max(watermark, at.toEpochMilli());

            int minuteKey = expiring(HotKeys.minute(tenant, minute), expiry);
            increments.merge(new KeyField(minuteKey, HotKeys.countField(event)), 1L, Long::sum);
            increments.merge(new KeyField(key(HotKeys.totals(tenant)), event), 1L, Long::sum);
            for (Measures.Measure measure : measures.of(enriched.event().properties())) {
                floatIncrements.merge(new KeyField(minuteKey, HotKeys.sumField(event, measure.name())), measure.value(),
                        Double::sum);
            }
            String user = enriched.event().distinctId();
            if (user != null) {
                users.computeIfAbsent(expiring(HotKeys.users(tenant, minute, event), expiry),
                        k -> new HashSet<>()).add(user);
            }
            for (Dimension dimension : Dimension.values()) {
                String value = dimension.of(enriched);
                if (value != null && !value.isEmpty()) {
                    rankIncrements.merge(new KeyField(expiring(HotKeys.top(tenant, minute, event, dimension.column()),
                            expiry), value), 1.0, Double::sum);
                }
            }
            for (Leaderboard board : boards) {
                if (!board.event().equals(event)) {
                    continue;
                }
                String member = board.memberOf(enriched.event());
                Double score = board.scoreOf(enriched.event());
                if (member != null && score != null) {
                    String boardKey = HotKeys.leaderboard(tenant, board.name(), board.window().periodOf(at));
                    Instant expires = board.window().expiresAfter(at);
                    int index = expires == null ? key(boardKey) : expiring(boardKey, expires.getEpochSecond());
                    rankIncrements.merge(new KeyField(index, member), score, Double::sum);
                }
            }
            eventCounts.merge(event, 1L, Long::sum);
            if (sample.size() == LiveUpdate.SAMPLE_SIZE) {
                sample.removeFirst();
            }
            sample.addLast(new LiveUpdate.Sample(event, user, at, Dimension.COUNTRY.of(enriched)));
            long[] range = advanced.computeIfAbsent(counted.partition(), partition -> new long[] {fence, fence});
            range[1] = Math.max(range[1], counted.offset());
            added++;
        }

        /** The fences as they stand once this script ran: where the next script of the batch starts. */
        Map<Integer, Long> fencesAfter() {
            Map<Integer, Long> after = new HashMap<>(fences);
            advanced.forEach((partition, range) -> after.put(partition, range[1]));
            return after;
        }

        List<String> arguments() {
            List<String> args = new ArrayList<>();
            args.add(Integer.toString(advanced.size()));
            advanced.forEach((partition, range) -> {
                args.add(partition.toString());
                args.add(Long.toString(range[0]));
                args.add(Long.toString(range[1]));
            });
            increments.forEach((kf, amount) -> op(args, "H", kf.key(), kf.field(), Long.toString(amount)));
            floatIncrements.forEach((kf, amount) -> op(args, "F", kf.key(), kf.field(), Double.toString(amount)));
            rankIncrements.forEach((kf, amount) -> op(args, "Z", kf.key(), kf.field(), Double.toString(amount)));
            users.forEach((index, members) -> {
                args.add("P");
                args.add(Integer.toString(index + 1));
                args.add(Integer.toString(members.size()));
                args.addAll(members);
            });
            if (watermark >= 0) {
                args.add("M");
                args.add(Integer.toString(key(HotKeys.watermark(tenant)) + 1));
                args.add(Long.toString(watermark));
            }
            expiries.forEach((index, at) -> {
                args.add("X");
                args.add(Integer.toString(index + 1));
                args.add(Long.toString(at));
            });
            return args;
        }

        private static void op(List<String> args, String op, int index, String field, String amount) {
            args.add(op);
            args.add(Integer.toString(index + 1));
            args.add(field);
            args.add(amount);
        }

        private int key(String key) {
            return keyIndex.computeIfAbsent(key, k -> {
                keys.add(k);
                return keys.size() - 1;
            });
        }

        private int expiring(String key, long at) {
            int index = key(key);
            expiries.putIfAbsent(index, at);
            return index;
        }
    }

    /** A hash field or sorted-set member of the key at an index. */
    private record KeyField(int key, String field) {
    }
}
