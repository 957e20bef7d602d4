package dev.pulse.aggregation.rollup;

import dev.pulse.aggregation.leaderboard.Leaderboard;
import dev.pulse.bench.AggregationBenchmark;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Redis hot path's work per script on one thread, without Redis: 1,000 enriched events (the aggregation
 * benchmark's: five event names, countries, browsers, campaigns, revenue, over ten seconds) summed into one
 * {@link HotBatch} and turned into the script's arguments, as {@code HotCounters} does for each tenant's share of a
 * batch, with one leaderboard defined. {@code decodeAndSum} reads the records first, as the listener does. Scores are
 * events per second.
 * <p>
 * Run: {@code bin/pulse bench hot-batch}. It lives in the hot path's package to reach its package-private batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseZGC", "-XX:+UseCompactObjectHeaders"})
public class HotBatchBenchmark {

    private static final int BATCH = 1_000;

    private final EventCodec codec = new EventCodec();
    private final RollupProperties rollups = new RollupProperties(List.of("revenue", "value", "points"),
            Duration.ofMinutes(2), Duration.ofHours(48));
    private final Measures measures = new Measures(rollups);
    private final List<Leaderboard> boards = List.of(
            new Leaderboard("spenders", "Order Completed", null, "revenue", Leaderboard.Window.DAY));
    private ByteBuffer[] records;
    private EnrichedEvent[] events;

    @Setup
    public void setUp() {
        records = AggregationBenchmark.generate(BATCH, Instant.now().minus(Duration.ofMinutes(5)), Duration.ofMillis(10))
                .stream().map(record -> ByteBuffer.wrap(record.value())).toArray(ByteBuffer[]::new);
        events = new EnrichedEvent[BATCH];
        for (int i = 0; i < BATCH; i++) {
            events[i] = codec.decodeForCounting(records[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<String> sum() {
        HotBatch batch = new HotBatch("bench", Map.of(), boards, measures, rollups.hotRetention());
        for (int i = 0; i < BATCH; i++) {
            batch.add(events[i], i % 3, i);
        }
        return batch.arguments();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<String> decodeAndSum() {
        HotBatch batch = new HotBatch("bench", Map.of(), boards, measures, rollups.hotRetention());
        for (int i = 0; i < BATCH; i++) {
            batch.add(codec.decodeForCounting(records[i].duplicate()), i % 3, i);
        }
        return batch.arguments();
    }
}
