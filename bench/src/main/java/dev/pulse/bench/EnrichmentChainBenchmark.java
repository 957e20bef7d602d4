package dev.pulse.bench;

import dev.pulse.enrichment.enrich.EnrichmentProperties;
import dev.pulse.enrichment.enrich.EnrichmentProperties.TenantEnrichment;
import dev.pulse.enrichment.enrich.EventEnricher;
import dev.pulse.enrichment.enrich.ReferenceData;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The enrichment chain per event on one thread: the raw record's JSON in, the enriched record's JSON out, with every
 * enricher that needs no network on (timestamps, geo from the real MMDB file, Yauaa, page/campaign/referrer, IP
 * anonymisation, PII hashing). {@code jsonOnly} is the same decode and encode with nothing derived: the floor.
 * {@code encodeOnly} and {@code decodeEnriched} measure the writer and the aggregation service's reader alone, and
 * {@code decodeForCounting} the hot path's reader, which reads only what it counts.
 * <p>
 * Run: {@code bin/pulse bench enrichment-chain} (geo database from {@code bin/pulse install}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseZGC", "-XX:+UseCompactObjectHeaders"})
public class EnrichmentChainBenchmark {

    private final EventCodec codec = new EventCodec();
    private final Instant now = Instant.parse("2026-11-21T10:00:02Z");
    private LettuceConnectionFactory unusedRedis;
    private EventEnricher enricher;
    private byte[][] payloads;
    private EnrichedEvent[] enriched;
    private ByteBuffer[] enrichedRecords;
    private int next;

    @Setup
    public void setUp() {
        Path geo = Path.of(System.getProperty("pulse.bench.geo-database", ".cache/geo/geo-whois-asn-country.mmdb"));
        if (!Files.isReadable(geo)) {
            throw new IllegalStateException("the geo database " + geo.toAbsolutePath() + " is missing: run bin/pulse install");
        }
        TenantEnrichment tenant = new TenantEnrichment(true, true, true, true, true, false, Set.of("email"), "salt");
        EnrichmentProperties properties = new EnrichmentProperties(geo, Duration.ofMinutes(5), Duration.ofHours(24),
                Duration.ofMillis(50), Duration.ofMinutes(1), tenant, Map.of());
        // reference data needs Redis; it is switched off here and its client never connects
        unusedRedis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        unusedRedis.afterPropertiesSet();
        enricher = new EventEnricher(properties, new ReferenceData(new ReactiveStringRedisTemplate(unusedRedis), properties));
        List<String> events = IngestionBenchmark.samplePayloads();
        payloads = events.stream().map(event -> event.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        enriched = Arrays.stream(payloads).map(payload -> enricher.enrich(codec.decodeRaw(payload), now))
                .toArray(EnrichedEvent[]::new);
        enrichedRecords = Arrays.stream(enriched).map(event -> ByteBuffer.wrap(codec.encode(event)))
                .toArray(ByteBuffer[]::new);
    }

    @TearDown
    public void tearDown() throws Exception {
        enricher.destroy();
        unusedRedis.destroy();
    }

    @Benchmark
    public byte[] fullChain() {
        return codec.encode(enricher.enrich(codec.decodeRaw(nextPayload()), now));
    }

    @Benchmark
    public byte[] jsonOnly() {
        return codec.encode(EnrichedEvent.of(codec.decodeRaw(nextPayload()), now));
    }

    /** Writing alone: what the enrichment service does last with each event (and ingestion with a raw one). */
    @Benchmark
    public byte[] encodeOnly() {
        return codec.encode(enriched[nextIndex()]);
    }

    /**
     * Reading an enriched record as each of the aggregation service's consumer groups does, from the buffer Kafka
     * decompressed it into.
     */
    @Benchmark
    public EnrichedEvent decodeEnriched() {
        return codec.decodeEnriched(enrichedRecords[nextIndex()].duplicate());
    }

    /** Reading only what the Redis hot path counts. */
    @Benchmark
    public EnrichedEvent decodeForCounting() {
        return codec.decodeForCounting(enrichedRecords[nextIndex()].duplicate());
    }

    private byte[] nextPayload() {
        return payloads[nextIndex()];
    }

    private int nextIndex() {
        int index = next;
        next = (next + 1) % payloads.length;
        return index;
    }
}
