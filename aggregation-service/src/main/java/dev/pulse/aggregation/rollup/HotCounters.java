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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Redis hot path: counts {@link Topics#ENRICHED} into per-minute counters, HyperLogLog uniques, sums of the
 * configured measures, top dimension values and leaderboards, in its own consumer group, so a Redis outage never
 * stalls the ClickHouse sink (and the reverse).
 *
 * <p>Exactly-once effect: a batch is summed in memory per tenant ({@link HotBatch}), then applied with scripts per
 * tenant, each of about {@link #WORK_PER_SCRIPT} operations, that first check and then advance that tenant's fence —
 * the last offset applied per partition. Records at or below the fence are skipped before summing, so a batch
 * delivered again after a crash or a rebalance changes nothing. All scripts of a batch leave in one write, in order
 * ({@link HotScripts}). Records are read with {@link EventCodec#decodeForCounting}, which leaves out what no counter
 * reads. The listener returns, and offsets are committed, only after every tenant's script ran; a failure is retried
 * by the container's error handler with the fences read again.
 */
@Component
public class HotCounters {

    private static final Logger log = LoggerFactory.getLogger(HotCounters.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Redis operations one script runs at most ({@link HotBatch#work()}). Redis runs a script to its end before
     * anything else, so rank and counter reads wait for it: 128 new leaderboard scores take about a millisecond on a
     * 200,000-member board (a {@code ZINCRBY} there takes 7 µs), where a thousand records' scripts took 10 ms idle
     * and 67 ms on a busy machine. Each script advances the fences for its own records, so a crash between two
     * scripts of a batch still replays nothing twice.
     */
    private static final int WORK_PER_SCRIPT = 128;
    private final ReactiveStringRedisTemplate redis;
    private final HotScripts scripts;
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

    HotCounters(ReactiveStringRedisTemplate redis, HotScripts scripts, EventCodec codec, Measures measures,
            LeaderboardDefinitions leaderboards, LiveChannel live, RollupProperties properties, MeterRegistry meters,
            Clock clock, KafkaTracing tracing) {
        this.tracing = tracing;
        this.live = live;
        this.redis = redis;
        this.scripts = scripts;
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

    @KafkaListener(id = "redis-counters", groupId = "pulse-redis-counters", topics = Topics.ENRICHED,
            concurrency = "${pulse.rollups.hot-consumers:2}")
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
        // The Kafka listener thread waits here on purpose: offsets are committed only after Redis applied the batch.
        // It sums the batch itself, between reading the fences and writing the sums, so that Lettuce's one I/O
        // thread, which answers every Redis command of the service (queries and ranks too), only writes and reads.
        long started = System.nanoTime();
        Map<String, TenantState> states = Flux.fromIterable(byTenant.keySet())
                .flatMap(this::state, 16)
                .collectMap(TenantState::tenant)
                .block(WRITE_TIMEOUT);
        List<TenantScripts> planned = new ArrayList<>(byTenant.size());
        byTenant.forEach((tenant, events) -> planned.add(plan(states.get(tenant), events)));
        scripts.apply(planned.stream().flatMap(tenant -> tenant.scripts().stream()).toList(), WRITE_TIMEOUT);
        Flux.fromIterable(planned)
                .filter(tenant -> tenant.live() != null)
                .flatMap(tenant -> live.publish(tenant.tenant(), tenant.live()), 16)
                .then()
                .block(WRITE_TIMEOUT);
        redisApply.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        latency.record(receivedAt, decoded, clock.millis());
    }

    /** The tenant's fences (the last offset applied per partition) and its leaderboards, read together. */
    private Mono<TenantState> state(String tenant) {
        Mono<Map<Integer, Long>> fences = redis.<String, String>opsForHash().entries(HotKeys.fence(tenant))
                .collectMap(entry -> Integer.parseInt(entry.getKey()), entry -> Long.parseLong(entry.getValue()));
        return Mono.zip(fences, leaderboards.of(tenant), (read, boards) -> new TenantState(tenant, read, boards));
    }

    /** The tenant's events past its fences, summed into scripts of about {@link #WORK_PER_SCRIPT} operations each. */
    private TenantScripts plan(TenantState state, List<Counted> events) {
        List<HotBatch> scripts = new ArrayList<>();
        HotBatch batch = new HotBatch(state.tenant(), state.fences(), state.leaderboards(), measures, retention);
        for (Counted counted : events) {
            if (batch.work() >= WORK_PER_SCRIPT) {
                scripts.add(batch);
                batch = new HotBatch(state.tenant(), batch.fencesAfter(), state.leaderboards(), measures, retention);
            }
            try {
                batch.add(counted.enriched(), counted.partition(), counted.offset());
            }
            catch (RuntimeException ex) {
                // a record that cannot be counted must not stall the partition; reconciliation repairs from ClickHouse
                skipped.increment();
                log.warn("Could not count the record at {}-{}; skipped ({})", counted.partition(), counted.offset(),
                        ex.toString());
            }
        }
        if (batch.added() > 0) {
            scripts.add(batch);
        }
        int added = scripts.stream().mapToInt(HotBatch::added).sum();
        replayed.increment(events.size() - added);
        applied.increment(added);
        List<HotScripts.Script> calls = scripts.stream()
                .map(script -> new HotScripts.Script(script.keys(), script.arguments())).toList();
        return new TenantScripts(state.tenant(), calls, added == 0 ? null : liveUpdate(scripts));
    }

    private static LiveUpdate liveUpdate(List<HotBatch> scripts) {
        Map<String, Long> counts = new HashMap<>();
        List<LiveUpdate.Sample> sample = new ArrayList<>();
        for (HotBatch script : scripts) {
            script.eventCounts().forEach((event, count) -> counts.merge(event, count, Long::sum));
            sample.addAll(script.sample());
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

    private record TenantState(String tenant, Map<Integer, Long> fences, List<Leaderboard> leaderboards) {
    }

    /** One tenant's share of a batch, ready to write; {@code live} is null when every record was a replay. */
    private record TenantScripts(String tenant, List<HotScripts.Script> scripts, LiveUpdate live) {
    }
}
