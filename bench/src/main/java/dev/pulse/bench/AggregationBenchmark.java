package dev.pulse.bench;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventContext;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The aggregation service against its yardsticks, in one run on one machine:
 * <ol>
 * <li>the ClickHouse sink's rows/s (materialized-view rollups included) next to a raw RowBinary insert of the same
 * rows into a table of the same columns, in batches of the same size;</li>
 * <li>the whole service's events/s (ClickHouse and the Redis hot path both done) next to a Kafka Streams
 * application counting the same topic per tenant, event and minute, exactly once;</li>
 * <li>leaderboard rank queries over HTTP on 200,000 members while 20,000 score updates a second flow through the
 * service, latency from each query's intended start (open loop).</li>
 * </ol>
 * Throughput is measured warm on both sides: the service and Kafka Streams each consume a warm-up of the same kind of
 * events first (untimed), sent in rounds until the service's JIT compiler is done with it ({@link Settings}), as a
 * long-running deployment would have. The report splits the service's CPU into its JIT's, its garbage collector's and
 * the rest.
 * <p>
 * Arguments (all optional): {@code --events=300000 --warmup-events=100000 --warmup-rounds=8 --members=200000
 * --updates-per-second=20000 --queries-per-second=200 --rank-seconds=20 --heap=512m --profile}.
 */
public final class AggregationBenchmark {

    private static final String SERVICE = "aggregation-service";
    static final String TENANT = "bench";
    static final String READ_KEY = "bench-read-key";
    private static final String DATABASE = "pulse";

    private AggregationBenchmark() {
    }

    /**
     * The run's settings. The warm-up of {@code warmupEvents} is sent again, up to {@code warmupRounds} times in all,
     * while the service's JIT compiler threads used a tenth or more of its CPU in the round before: on two shared
     * cores one round of 100,000 events is a few seconds, and the compiler was still at a third of the service's CPU
     * after it (BENCHMARKS.md, 2026-12-06).
     */
    record Settings(long events, long warmupEvents, int warmupRounds, int members, int updatesPerSecond,
            int queriesPerSecond, Duration rankDuration, String heap, Path out, Path jars, boolean profile) {

        /** The JIT's share of the service's CPU in a warm-up round below which the service counts as warm. */
        static final double WARM_JIT_SHARE = 0.10;

        static Settings parse(String... args) {
            Map<String, String> given = BenchEngines.options(args);
            return new Settings(Long.parseLong(given.getOrDefault("events", "300000")),
                    Long.parseLong(given.getOrDefault("warmup-events", "100000")),
                    Integer.parseInt(given.getOrDefault("warmup-rounds", "8")),
                    Integer.parseInt(given.getOrDefault("members", "200000")),
                    Integer.parseInt(given.getOrDefault("updates-per-second", "20000")),
                    Integer.parseInt(given.getOrDefault("queries-per-second", "200")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("rank-seconds", "20"))),
                    given.getOrDefault("heap", "512m"), Path.of(given.getOrDefault("out", "bench/target/results")),
                    Path.of(given.getOrDefault("jars", "bench/target/services")), given.containsKey("profile"));
        }
    }

    record Report(Settings settings, Warmup warmup, double sinkRowsPerSecond, double rawInsertRowsPerSecond,
            double serviceEventsPerSecond, double streamsEventsPerSecond, long serviceCpuMillis, long jitCpuMillis,
            long gcCpuMillis, long peakRssMib,
            Histogram rank, Histogram redisRank, UpdatePhase updates, List<RedisBaseline.Operation> redisBenchmark,
            CpuSplit.Result measuredPhase) {

        /** The benchmark issue's goals: the sink's share of a raw insert, the service's multiple of Kafka Streams. */
        static final double SINK_GOAL = 0.80;
        static final double STREAMS_GOAL = 2.0;

        String markdown() {
            return """
                    # Aggregation benchmark

                    Machine: %d cores, Java %s. %,d enriched events on 6 partitions; ClickHouse 18.16 and Redis on the same machine.
                    Both are timed warm: the service and Kafka Streams each first consume %,d events of the same kind \
                    (untimed; %d rounds of %,d, sent until the service's JIT compiler threads used %.0f %% of its CPU in \
                    a round, under %.0f %% counting as warm), then the service is timed from the start of the measured \
                    load until both its groups committed it, Kafka Streams from the moment it committed the warm-up \
                    until it committed the rest.

                    | | rows or events/s | |
                    |---|---:|---|
                    | raw RowBinary insert of the same rows (batches of 50,000, no materialized views) | %,.0f | yardstick |
                    | ClickHouse sink (consume, decode, idempotence check, RowBinary insert, 4 rollup views) | %,.0f | **%.0f %%** of raw |
                    | Kafka Streams: windowed count per tenant, event and minute, exactly-once, RocksDB | %,.0f | yardstick |
                    | aggregation-service: ClickHouse sink and Redis hot path both done | %,.0f | **%.2f×** Kafka Streams |

                    aggregation-service CPU: %.2f s per 100k events, of which the JIT compiler's threads %.2f s and the \
                    garbage collector's %.2f s; peak RSS %d MiB (heap %s).

                    Where the machine's cores went while measured (CPU time from `/proc`, from the first event sent \
                    until both groups committed the last; the load driver's share is the sending):

                    %s
                    %s

                    Leaderboard rank over HTTP (`GET /v1/leaderboards/{name}/members/{member}`), %,d members, %,d updates/s
                    offered through Kafka for %d s (%,d sent, %,d of them not yet applied at the end), %d queries/s open loop:
                    p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%,d queries).
                    The same rank and score read straight from Redis (`ZREVRANK` + `ZSCORE`, what the endpoint runs), at
                    the same rate and at the same time: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%,d queries).
                    While the updates were offered Redis ran %,d hot-path scripts, %.2f ms each on average, %.1f s in all
                    (wall-clock time inside them), and its process got %.1f s of CPU; the machine's CPU was %.0f %% busy.
                    Who got the cores meanwhile (per update offered; the rank queries, 2 × %d a second, are in it too):

                    %s
                    All of it together came to %.1f µs of CPU per update offered: %.2f cores at %,d updates/s, of this \
                    machine's %d.

                    `redis-benchmark` on the same Redis afterwards (the service stopped), a sorted set of about %,d
                    members, 50 connections, 100,000 requests each:

                    | operation | requests/s | p50 | p99 | max |
                    |---|---:|---:|---:|---:|
                    %s
                    The rank endpoint's p99 is **%.1f×** redis-benchmark's `ZREVRANK` p99.
                    """.formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(), settings.events(),
                    warmup.events(), warmup.rounds(), settings.warmupEvents(), 100 * warmup.lastJitShare(),
                    100 * Settings.WARM_JIT_SHARE, rawInsertRowsPerSecond, sinkRowsPerSecond, 100 * sinkRowsPerSecond / rawInsertRowsPerSecond,
                    streamsEventsPerSecond, serviceEventsPerSecond, serviceEventsPerSecond / streamsEventsPerSecond,
                    perHundredThousand(serviceCpuMillis), perHundredThousand(jitCpuMillis),
                    perHundredThousand(gcCpuMillis), peakRssMib, settings.heap(),
                    measuredPhase.markdown(settings.events(), "event"), goalsOnThisMachine(),
                    settings.members(), settings.updatesPerSecond(), settings.rankDuration().toSeconds(), updates.offered(),
                    updates.behind(), settings.queriesPerSecond(), BenchEngines.millis(rank, 50), BenchEngines.millis(rank, 99), BenchEngines.millis(rank, 99.9),
                    rank.getMaxValue() / 1e6, rank.getTotalCount(), BenchEngines.millis(redisRank, 50), BenchEngines.millis(redisRank, 99),
                    BenchEngines.millis(redisRank, 99.9), redisRank.getMaxValue() / 1e6, redisRank.getTotalCount(),
                    updates.redis().scripts(), updates.redis().millisPerScript(), updates.redis().scriptMicros() / 1e6,
                    updates.redis().cpuSeconds(), 100 * updates.hostBusy(), settings.queriesPerSecond(),
                    updates.cpu().markdown(updates.offered(), "update"), updatesMicros(),
                    updatesMicros() * settings.updatesPerSecond() / 1e6, settings.updatesPerSecond(),
                    Runtime.getRuntime().availableProcessors(),
                    settings.members(), redisBenchmark.stream().map(one -> "| %s | %,.0f | %.3f ms | %.3f ms | %.3f ms |%n"
                            .formatted(one.name(), one.requestsPerSecond(), one.p50Millis(), one.p99Millis(),
                                    one.maxMillis())).collect(java.util.stream.Collectors.joining()),
                    BenchEngines.millis(rank, 99) / revrank().p99Millis());
        }

        /**
         * What the engines alone would need at the goals' rates: the part of the goals that no change to the service
         * can buy on this machine.
         */
        private String goalsOnThisMachine() {
            double sinkGoal = rawInsertRowsPerSecond * SINK_GOAL;
            double serviceGoal = streamsEventsPerSecond * STREAMS_GOAL;
            double clickHouse = measuredPhase.microsPer("clickhouse", settings.events());
            double besides = measuredPhase.microsBeside(SERVICE, settings.events());
            return """
                    ClickHouse used %.1f µs of CPU per stored event (the insert, the rollup views and their merges). At \
                    the sink's goal (%.0f %% of the raw insert, %,.0f rows/s) ClickHouse alone would keep %.1f cores \
                    busy. Beside the service, the engines and the driver used %.1f µs per event: at the service's goal \
                    (%.0f× Kafka Streams, %,.0f events/s) they alone would keep %.1f cores busy. This machine has %d.
                    """.formatted(clickHouse, SINK_GOAL * 100, sinkGoal, clickHouse * sinkGoal / 1e6, besides,
                    STREAMS_GOAL, serviceGoal, besides * serviceGoal / 1e6, Runtime.getRuntime().availableProcessors());
        }

        /** Microseconds of CPU per update offered in the rank phase, every process together. */
        private double updatesMicros() {
            return updates.cpu().microsPerInAll(updates.offered());
        }

        /** Seconds of CPU per 100,000 measured events. */
        private double perHundredThousand(long cpuMillis) {
            return cpuMillis / 1000.0 * 100_000 / settings.events();
        }

        private RedisBaseline.Operation revrank() {
            return redisBenchmark.stream().filter(one -> one.name().startsWith("ZREVRANK")).findFirst().orElseThrow();
        }

        String json() {
            return """
                    {"events":%d,"warmupEvents":%d,"warmupLastJitShare":%.3f,"sinkRowsPerSecond":%.1f,"rawInsertRowsPerSecond":%.1f,"sinkRatio":%.3f,\
                    "serviceEventsPerSecond":%.1f,"streamsEventsPerSecond":%.1f,"streamsRatio":%.3f,\
                    "cpuSecondsPer100k":%.3f,"jitCpuSecondsPer100k":%.3f,"gcCpuSecondsPer100k":%.3f,\
                    "rank":{"members":%d,"updatesPerSecond":%d,"p50Ms":%.3f,"p99Ms":%.3f,"p999Ms":%.3f,"count":%d},\
                    "redisRank":{"p50Ms":%.3f,"p99Ms":%.3f,"p999Ms":%.3f,"count":%d},\
                    "updatePhase":{"scripts":%d,"msPerScript":%.3f,"redisCpuSeconds":%.2f,"hostBusy":%.3f,"cpu":%s},\
                    "measuredPhaseCpu":%s,"redisBenchmark":[%s]}
                    """.formatted(settings.events(), warmup.events(), warmup.lastJitShare(), sinkRowsPerSecond,
                    rawInsertRowsPerSecond,
                    sinkRowsPerSecond / rawInsertRowsPerSecond, serviceEventsPerSecond, streamsEventsPerSecond,
                    serviceEventsPerSecond / streamsEventsPerSecond, perHundredThousand(serviceCpuMillis),
                    perHundredThousand(jitCpuMillis), perHundredThousand(gcCpuMillis), settings.members(),
                    settings.updatesPerSecond(),
                    BenchEngines.millis(rank, 50), BenchEngines.millis(rank, 99), BenchEngines.millis(rank, 99.9), rank.getTotalCount(), BenchEngines.millis(redisRank, 50),
                    BenchEngines.millis(redisRank, 99), BenchEngines.millis(redisRank, 99.9), redisRank.getTotalCount(),
                    updates.redis().scripts(), updates.redis().millisPerScript(), updates.redis().cpuSeconds(),
                    updates.hostBusy(), updates.cpu().json(updates.offered()), measuredPhase.json(settings.events()), redisBenchmark.stream().map(one -> """
                            {"operation":"%s","requestsPerSecond":%.1f,"p50Ms":%.3f,"p99Ms":%.3f,"maxMs":%.3f}"""
                            .formatted(one.name(), one.requestsPerSecond(), one.p50Millis(), one.p99Millis(),
                                    one.maxMillis())).collect(java.util.stream.Collectors.joining(",")));
        }

    }

    public static void main(String[] args) {
        System.out.println(run(Settings.parse(args)).markdown());
    }

    static Report run(Settings settings) {
        Path home = BenchEngines.home();
        LocalStack stack = BenchEngines.start(home);
        try {
            KafkaProgress.createTopic(stack, "bench.minute-counts");

            // the service starts idle; both its groups are timed from the moment the load starts
            PulseServices services = new PulseServices(stack, settings.jars());
            List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + settings.heap()));
            if (settings.profile()) {
                jvm.addAll(BenchEngines.flightRecording(settings.out(), "aggregation"));
            }
            services.start(List.of(SERVICE), jvm, Map.of(
                    "pulse.clickhouse.database", DATABASE,
                    "pulse.tenants." + TENANT + ".read-key", READ_KEY,
                    "pulse.leaderboards.tenants." + TENANT + "[0].name", "points",
                    "pulse.leaderboards.tenants." + TENANT + "[0].event", "Scored",
                    "pulse.leaderboards.tenants." + TENANT + "[0].score-property", "points",
                    "pulse.leaderboards.tenants." + TENANT + "[0].window", "all-time"));
            long sinkNanos;
            long serviceNanos;
            long cpu;
            long jit;
            long gc;
            long rss;
            List<ProducerRecord<String, byte[]>> records = generate(settings.warmupEvents() + settings.events());
            List<String> groups = List.of("pulse-clickhouse-sink", "pulse-redis-counters");
            // a warm-up of the same kind of events first, so the measured load meets compiled code, not the JIT
            Warmup warmup = warmUp(stack, services, records.subList(0, (int) settings.warmupEvents()), groups, settings);
            long total = warmup.events() + settings.events();
            CpuSplit.Result measuredPhase;
            try (ProcessUsage usage = new ProcessUsage(services.process(SERVICE))) {
                CpuSplit split = CpuSplit.start(stack, Map.of(SERVICE, services.process(SERVICE)));
                long start = System.nanoTime();
                send(stack, records.subList((int) settings.warmupEvents(), records.size()));
                records = null;
                Map<String, Long> done = KafkaProgress.awaitAllCommitted(stack, Topics.ENRICHED, total, groups);
                sinkNanos = done.get("pulse-clickhouse-sink") - start;
                serviceNanos = Math.max(sinkNanos, done.get("pulse-redis-counters") - start);
                measuredPhase = split.stop();
                cpu = usage.cpuUsed().toMillis();
                jit = usage.jitCpuUsed().toMillis();
                gc = usage.gcCpuUsed().toMillis();
                rss = usage.peakRssMib();
            }
            double raw = rawRowBinaryInsert(stack, total);
            RankResult rank = rank(stack, services, settings);
            services.stop();
            List<RedisBaseline.Operation> redisBenchmark = new RedisBaseline(stack).run(settings.members(), home);
            // the peer runs alone afterwards, over the same records, timed from its first commit
            double streams = kafkaStreams(stack, home.resolve("streams"), warmup.events(), total);

            Report report = new Report(settings, warmup, settings.events() / (sinkNanos / 1e9), raw,
                    settings.events() / (serviceNanos / 1e9), streams, cpu, jit, gc, rss, rank.latency(), rank.redisLatency(),
                    rank.updates(), redisBenchmark, measuredPhase);
            BenchEngines.writeReport(settings.out(), "aggregation", report.markdown(), report.json());
            return report;
        }
        finally {
            stack.kill();
            IngestionBenchmark.deleteRecursively(home);
        }
    }

    /** The warm-up as it was sent: events in all, rounds, and the JIT's share of the service's CPU in the last round. */
    record Warmup(long events, int rounds, double lastJitShare) {
    }

    /**
     * Sends the warm-up events, again and again, until the service's JIT compiler threads used less than
     * {@link Settings#WARM_JIT_SHARE} of its CPU while a round was consumed, or the rounds run out.
     */
    private static Warmup warmUp(LocalStack stack, PulseServices services, List<ProducerRecord<String, byte[]>> warmup,
            List<String> groups, Settings settings) {
        long sent = 0;
        int rounds = 0;
        double jitShare;
        do {
            try (ProcessUsage round = new ProcessUsage(services.process(SERVICE))) {
                send(stack, warmup);
                sent += warmup.size();
                KafkaProgress.awaitAllCommitted(stack, Topics.ENRICHED, sent, groups);
                jitShare = round.jitCpuUsed().toNanos() / (double) Math.max(1, round.cpuUsed().toNanos());
            }
            rounds++;
        }
        while (jitShare >= Settings.WARM_JIT_SHARE && rounds < settings.warmupRounds());
        return new Warmup(sent, rounds, jitShare);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /**
     * {@code events} enriched events, encoded up front so the timed load costs only the sends: 50,000 users (skewed),
     * five event names, countries, browsers, campaigns and revenue.
     */
    private static List<ProducerRecord<String, byte[]>> generate(long events) {
        return generate(events, Instant.now().minus(Duration.ofHours(1)), Duration.ofMillis(10));
    }

    /** {@code events} enriched events as above, event i at {@code start + i × every}. */
    public static List<ProducerRecord<String, byte[]>> generate(long events, Instant start, Duration every) {
        EventCodec codec = new EventCodec();
        SplittableRandom random = new SplittableRandom(7);
        String[] names = {"Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Page Viewed"};
        String[] countries = {"DE", "US", "FR", "NL", "GB", "BR", "IN", "JP"};
        String[] browsers = {"Chrome", "Safari", "Firefox", "Edge"};
        String[] devices = {"Desktop", "Phone", "Tablet"};
        List<ProducerRecord<String, byte[]>> records = new java.util.ArrayList<>((int) events);
        for (long i = 0; i < events; i++) {
            // a skewed user population: a few users send most events
            int user = (int) Math.min(49_999, Math.abs(random.nextGaussian()) * 8_000);
            Instant at = start.plus(every.multipliedBy(i));
            RawEvent event = new RawEvent(TENANT, EventType.TRACK, names[(int) (i % names.length)], null, "user-" + user,
                    null, "m-" + i, at, at, at, Map.of("revenue", random.nextInt(10_000) / 100.0, "sku", "sku-" + i % 500),
                    null, new EventContext("203.0.113." + user % 250, null, null, null, null, null), null, null);
            Enrichments enrichments = new Enrichments(at, false, false,
                    new Enrichments.Geo(countries[user % countries.length], null, null, null, null),
                    new Enrichments.Device(browsers[user % browsers.length], "131", "Linux", "6", devices[user % 3], false),
                    new Enrichments.PageUrl("shop.example.com", "/p/" + i % 500),
                    new EventContext.Campaign("winter-" + i % 20, "google", "cpc", null, null), "search", null, false);
            records.add(new ProducerRecord<>(Topics.ENRICHED, TENANT + ":user-" + user,
                    codec.encode(EnrichedEvent.of(event, at, enrichments))));
        }
        return records;
    }

    static void send(LocalStack stack, List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            records.forEach(producer::send);
        }
    }

    private static KafkaProducer<String, byte[]> producer(LocalStack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The peer: Kafka Streams decoding each record with the same codec, counting per (tenant, event, minute) in
     * one-minute windows (grace of a day: the records replay an hour of history), exactly-once, results to a topic.
     * Returns events/s from the commit of the first {@code warmup} records (its first commit when none) to all
     * {@code events} committed.
     */
    private static double kafkaStreams(LocalStack stack, Path stateDir, long warmup, long events) {
        EventCodec codec = new EventCodec();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.ENRICHED, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .map((key, value) -> {
                    EnrichedEvent enriched = codec.decodeEnriched(value);
                    return KeyValue.pair(enriched.event().tenant() + '|' + enriched.event().countedName(), value);
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofDays(1)))
                .count()
                .toStream((window, count) -> window.key() + '@' + window.window().start())
                .to("bench.minute-counts", Produced.with(Serdes.String(), Serdes.Long()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-streams");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.start();
            Duration elapsed = KafkaProgress.awaitCommitted(stack, "bench-streams", Topics.ENRICHED, Math.max(warmup, 1),
                    events);
            return (events - warmup) / seconds(elapsed);
        }
    }

    /**
     * The same rows as raw RowBinary, the cheapest insert ClickHouse has: exported by ClickHouse itself (untimed),
     * then posted back in batches of 50,000 into a copy of the table without materialized views (timed).
     */
    private static double rawRowBinaryInsert(LocalStack stack, long events) {
        HttpClient http = HttpClient.newHttpClient();
        clickHouse(http, stack, "CREATE TABLE " + DATABASE + ".events_copy AS " + DATABASE + ".events", null);
        long nanos = 0;
        for (long offset = 0; offset < events; offset += 50_000) {
            byte[] rows = clickHouse(http, stack, "SELECT * FROM " + DATABASE + ".events ORDER BY kafka_partition, kafka_offset"
                    + " LIMIT " + offset + ", 50000 FORMAT RowBinary", null);
            long start = System.nanoTime();
            clickHouse(http, stack, "INSERT INTO " + DATABASE + ".events_copy FORMAT RowBinary", rows);
            nanos += System.nanoTime() - start;
        }
        String copied = new String(clickHouse(http, stack, "SELECT count() FROM " + DATABASE + ".events_copy", null),
                StandardCharsets.UTF_8).trim();
        if (Long.parseLong(copied) != events) {
            throw new IllegalStateException("the raw insert copied " + copied + " rows, not " + events);
        }
        return events / (nanos / 1e9);
    }

    static byte[] clickHouse(HttpClient http, LocalStack stack, String query, byte[] body) {
        try {
            HttpRequest request = body == null
                    ? HttpRequest.newBuilder(URI.create(stack.clickHouseUrl() + "/"))
                            .POST(HttpRequest.BodyPublishers.ofString(query)).build()
                    : HttpRequest.newBuilder(URI.create(stack.clickHouseUrl() + "/?query="
                            + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse refused " + query + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    record RankResult(Histogram latency, Histogram redisLatency, UpdatePhase updates) {
    }

    /**
     * The rank phase's score updates: how many were offered, how many the hot path had not applied when it ended, what
     * Redis did meanwhile and who got the machine's cores.
     */
    record UpdatePhase(long offered, long behind, RedisActivity redis, CpuSplit.Result cpu) {

        double hostBusy() {
            return cpu.hostBusy();
        }
    }

    /**
     * Fills the leaderboard with {@code members} members through the service, then offers score updates at a fixed
     * rate while querying ranks at a fixed rate; each query's latency counts from when it was due.
     */
    private static RankResult rank(LocalStack stack, PulseServices services, Settings settings) {
        EventCodec codec = new EventCodec();
        long before;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            before = KafkaProgress.committed(admin, "pulse-redis-counters", Topics.ENRICHED);
        }
        long sent = 0;
        RedisClient client = RedisClient.create(RedisURI.create(stack.redisHost(), stack.redisPort()));
        try (KafkaProducer<String, byte[]> producer = producer(stack);
                StatefulRedisConnection<String, String> info = client.connect()) {
            SplittableRandom random = new SplittableRandom(11);
            for (int member = 0; member < settings.members(); member++) {
                producer.send(scored(codec, "member-" + member, random.nextInt(1_000), sent++));
            }
            producer.flush();
            KafkaProgress.awaitCommitted(stack, "pulse-redis-counters", Topics.ENRICHED, before + sent);

            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            Thread queries = Thread.ofPlatform().name("rank-queries").start(() -> query(services, settings, latency));
            Histogram redisLatency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            Thread redisQueries = Thread.ofPlatform().name("redis-rank-queries")
                    .start(() -> queryRedis(client, settings, redisLatency));
            RedisActivity redisAtStart = RedisActivity.read(info.sync());
            CpuSplit split = CpuSplit.start(stack, Map.of(SERVICE, services.process(SERVICE)));
            long filled = sent;
            long slices = settings.rankDuration().toMillis() / 10;
            int perSlice = settings.updatesPerSecond() / 100;
            long startNanos = System.nanoTime();
            for (long slice = 0; slice < slices; slice++) {
                for (int i = 0; i < perSlice; i++) {
                    producer.send(scored(codec, "member-" + random.nextInt(settings.members()), random.nextInt(100), sent++));
                }
                long due = startNanos + (slice + 1) * TimeUnit.MILLISECONDS.toNanos(10);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the offered load
                }
            }
            RedisActivity redisDuringUpdates = RedisActivity.read(info.sync()).since(redisAtStart);
            CpuSplit.Result cpu = split.stop();
            queries.join();
            redisQueries.join();
            long behind;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
                behind = before + sent - KafkaProgress.committed(admin, "pulse-redis-counters", Topics.ENRICHED);
            }
            return new RankResult(latency, redisLatency, new UpdatePhase(sent - filled, behind, redisDuringUpdates, cpu));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        finally {
            client.shutdown();
        }
    }

    private static ProducerRecord<String, byte[]> scored(EventCodec codec, String member, int points, long sequence) {
        Instant now = Instant.now();
        RawEvent event = new RawEvent(TENANT, EventType.TRACK, "Scored", null, member, null, "s-" + sequence, now, now, now,
                Map.of("points", points), null, null, null, null);
        return new ProducerRecord<>(Topics.ENRICHED, TENANT + ":" + member, codec.encode(EnrichedEvent.of(event, now)));
    }

    /**
     * Rank and score straight from Redis, as {@code Rankings.member} asks them, at the HTTP queries' rate, open loop on
     * one connection ({@link OpenLoop}): queries in flight share it, as the service's do its shared connection, and each
     * counts from when it was due.
     */
    private static void queryRedis(RedisClient client, Settings settings, Histogram latency) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            String key = "pulse:{" + TENANT + "}:leaderboard:points:all";
            SplittableRandom random = new SplittableRandom(17);
            OpenLoop.run(settings.rankDuration(), TimeUnit.SECONDS.toNanos(1) / settings.queriesPerSecond(), due -> {
                String member = "member-" + random.nextInt(settings.members());
                return redis.zrevrank(key, member).toCompletableFuture()
                        .thenCombine(redis.zscore(key, member), (rank, score) -> {
                            if (rank == null || score == null) {
                                throw new IllegalStateException(member + " is not on the leaderboard");
                            }
                            // answers arrive on the connection's one I/O thread, so the histogram has one writer
                            latency.recordValue(Math.min(System.nanoTime() - due, latency.getHighestTrackableValue()));
                            return rank;
                        });
            });
        }
    }

    /**
     * Rank and score over HTTP at the fixed rate for the rank phase, open loop ({@link OpenLoop}): a slow answer does not
     * hold back the queries due after it.
     */
    private static void query(PulseServices services, Settings settings, Histogram latency) {
        SplittableRandom random = new SplittableRandom(13);
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        try (QueryClient client = new QueryClient(READ_KEY)) {
            OpenLoop.run(settings.rankDuration(), TimeUnit.SECONDS.toNanos(1) / settings.queriesPerSecond(), due -> {
                URI uri = services.http(SERVICE, "/v1/leaderboards/points/members/member-" + random.nextInt(settings.members()));
                return client.get(uri, due, latency).thenAccept(answer -> {
                    if (answer.status() != 200) {
                        failed.incrementAndGet();
                        failure.compareAndSet(null, answer.status() + ": " + answer.body());
                    }
                });
            });
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " rank queries failed, the first with " + failure.get());
        }
    }
}
