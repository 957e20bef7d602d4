package dev.pulse.aggregation.sink;

import dev.pulse.aggregation.rollup.Measures;
import dev.pulse.aggregation.rollup.RollupProperties;
import dev.pulse.bench.IngestionBenchmark;
import java.nio.charset.StandardCharsets;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The ClickHouse sink's work per batch on one thread, without the network: 1,000 enriched records (as the sink
 * reads them from Kafka) decoded, turned into {@code events} rows and written as one RowBinary insert body, exactly
 * as {@code ClickHouseSink} and {@code RowInserter} do. Scores are rows per second. {@code encodeOnly} leaves
 * the decode out: the body encoding alone.
 * <p>
 * Run: {@code bin/pulse bench sink-encoding}. It lives in the sink's package to reach its package-private row types.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseZGC", "-XX:+UseCompactObjectHeaders"})
public class SinkEncodingBenchmark {

    private static final int BATCH = 1_000;

    private final EventCodec codec = new EventCodec();
    private final Measures measures = new Measures(new RollupProperties(List.of("revenue", "value", "points"),
            Duration.ofMinutes(2), Duration.ofHours(48)));
    private byte[][] records;
    private List<EventRow> decoded;

    @Setup
    public void setUp() {
        Instant now = Instant.parse("2026-11-21T10:00:02Z");
        List<String> raw = IngestionBenchmark.samplePayloads();
        records = new byte[BATCH][];
        decoded = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            records[i] = codec.encode(EnrichedEvent.of(codec.decodeRaw(raw.get(i).getBytes(StandardCharsets.UTF_8)), now));
            decoded.add(EventRow.of(codec.decodeEnriched(records[i]), 0, i, codec, measures));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int decodeAndEncode() throws IOException {
        EncodedRows<EventRow> batch = new EncodedRows<>(EventRow.FORMAT, BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(EventRow.of(codec.decodeEnriched(records[i]), 0, i, codec, measures));
        }
        return batch.size();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int encodeOnly() throws IOException {
        EncodedRows<EventRow> batch = new EncodedRows<>(EventRow.FORMAT, BATCH);
        for (EventRow row : decoded) {
            batch.add(row);
        }
        return batch.size();
    }
}
