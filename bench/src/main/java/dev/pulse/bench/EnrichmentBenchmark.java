package dev.pulse.bench;

import dev.pulse.model.Topics;
import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Enrichment's Kafka→Kafka throughput next to a raw transactional copy, in one run on fresh engines. N realistic
 * raw events (as ingestion publishes them, each with its own messageId) are loaded into {@code events.raw}; then
 * <ol>
 * <li>a plain consume → produce loop with the same transactions, isolation and producer settings copies them to
 * another topic: the most this broker allows a consume-transform-produce stage;</li>
 * <li>the enrichment service (its jar, its JVM flags) processes them: parse, dedup against Redis, tracking plan,
 * enrich, publish, all in Kafka transactions.</li>
 * </ol>
 * The baselines are timed from their first committed offset to their last. The service first works through a warm-up
 * of the same kind of events at the head of the topic (untimed, so neither JVM start-up nor JIT warm-up is counted),
 * then is timed, CPU included, from its commit of the warm-up to its commit of the rest.
 * Arguments (all optional): {@code --events=300000 --warmup-events=100000 --heap=512m --out=bench/target/results
 * --jars=bench/target/services}.
 */
public final class EnrichmentBenchmark {

    private static final String SERVICE = "enrichment-service";
    private static final String COPY_TOPIC = "bench.copy";

    private EnrichmentBenchmark() {
    }

    record Settings(long events, long warmupEvents, String heap, Path out, Path jars) {

        static Settings parse(String... args) {
            Map<String, String> given = BenchEngines.options(args);
            return new Settings(Long.parseLong(given.getOrDefault("events", "300000")),
                    Long.parseLong(given.getOrDefault("warmup-events", "100000")), given.getOrDefault("heap", "512m"),
                    Path.of(given.getOrDefault("out", "bench/target/results")),
                    Path.of(given.getOrDefault("jars", "bench/target/services")));
        }
    }

    /** One side's figures. */
    record Side(long events, Duration elapsed, Duration cpu, long peakRssMib) {

        double eventsPerSecond() {
            return events / (elapsed.toNanos() / 1e9);
        }
    }

    record Report(Settings settings, ConsumerBaseline.Result consumer, Side copy, Side enrichment) {

        String markdown() {
            return """
                    # Enrichment benchmark (Kafka → Kafka)

                    Machine: %d cores, Java %s. %,d raw events, 6 partitions, transactions and read_committed on both sides; \
                    the service timed warm, after the first %,d.

                    | | events/s | CPU per 100k events | peak RSS |
                    |---|---:|---:|---:|
                    | Kafka ConsumerPerformance, read_committed (consume only; %.1f MB/s) | %,.0f | %.2f s | – |
                    | raw transactional consume → produce (same settings) | %,.0f | %.2f s (in the harness JVM) | – |
                    | enrichment-service (parse, dedup, plan, enrich, publish) | %,.0f | %.2f s | %d MiB |

                    Enrichment reached **%.0f %%** of the raw copy's events/s and **%.0f %%** of the bare consumer's.
                    """.formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    settings.warmupEvents() + settings.events(), settings.warmupEvents(), consumer.megabytesPerSecond(),
                    consumer.recordsPerSecond(),
                    consumer.cpu().toMillis() / 1000.0 * 100_000 / consumer.records(),
                    copy.eventsPerSecond(), perHundredThousand(copy), enrichment.eventsPerSecond(),
                    perHundredThousand(enrichment), enrichment.peakRssMib(),
                    100 * enrichment.eventsPerSecond() / copy.eventsPerSecond(),
                    100 * enrichment.eventsPerSecond() / consumer.recordsPerSecond());
        }

        String json() {
            return """
                    {"events":%d,"consumer":{"eventsPerSecond":%.1f,"cpuSeconds":%.3f},\
                    "copy":{"eventsPerSecond":%.1f,"cpuSeconds":%.3f},\
                    "enrichment":{"eventsPerSecond":%.1f,"cpuSeconds":%.3f,"peakRssMib":%d},"ratio":%.3f,\
                    "consumerRatio":%.3f}
                    """.formatted(settings.events(), consumer.recordsPerSecond(), consumer.cpu().toMillis() / 1000.0,
                    copy.eventsPerSecond(), copy.cpu().toMillis() / 1000.0,
                    enrichment.eventsPerSecond(), enrichment.cpu().toMillis() / 1000.0, enrichment.peakRssMib(),
                    enrichment.eventsPerSecond() / copy.eventsPerSecond(),
                    enrichment.eventsPerSecond() / consumer.recordsPerSecond());
        }

        private static double perHundredThousand(Side side) {
            return side.cpu().toMillis() / 1000.0 * 100_000 / side.events();
        }
    }

    public static void main(String[] args) {
        System.out.println(run(Settings.parse(args)).markdown());
    }

    static Report run(Settings settings) {
        Path home = BenchEngines.home();
        LocalStack stack = BenchEngines.start(home);
        try {
            KafkaProgress.createTopic(stack, COPY_TOPIC);
            long total = settings.warmupEvents() + settings.events();
            load(stack, total);
            ConsumerBaseline.Result consumer = new ConsumerBaseline(stack).run(Topics.RAW, total, home);
            Side copy = copy(stack, total);

            PulseServices services = new PulseServices(stack, settings.jars());
            services.start(List.of(SERVICE), List.of("-Xmx" + settings.heap()), Map.of());
            Side enrichment;
            KafkaProgress.awaitCommitted(stack, "pulse-enrichment", Topics.RAW, Math.max(settings.warmupEvents(), 1));
            try (ProcessUsage usage = new ProcessUsage(services.process(SERVICE))) {
                Duration elapsed = KafkaProgress.awaitCommitted(stack, "pulse-enrichment", Topics.RAW,
                        settings.warmupEvents(), total);
                enrichment = new Side(settings.events(), elapsed, usage.cpuUsed(), usage.peakRssMib());
            }
            services.stop();

            Report report = new Report(settings, consumer, copy, enrichment);
            BenchEngines.writeReport(settings.out(), "enrichment", report.markdown(), report.json());
            return report;
        }
        finally {
            stack.kill();
            IngestionBenchmark.deleteRecursively(home);
        }
    }

    /** N raw events with distinct messageIds, keyed by user like ingestion's. */
    private static void load(LocalStack stack, long events) {
        List<String> payloads = IngestionBenchmark.payloads(new EventGenerator(11, 100_000));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                int template = (int) (i % payloads.size());
                String payload = payloads.get(template).replace("\"payload-" + template + "\"", "\"e-" + i + "\"");
                producer.send(new ProducerRecord<>(Topics.RAW, "bench:user-" + i % 10_000,
                        payload.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** The yardstick: every raw record copied to another topic in transactions, offsets committed with them. */
    private static Side copy(LocalStack stack, long events) {
        long cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
        String id = "bench-copy-" + UUID.randomUUID();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, id,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                     ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                     ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                     new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(Topics.RAW));
            long copied = 0;
            long start = 0;
            while (copied < events) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                if (start == 0) {
                    start = System.nanoTime();
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    producer.send(new ProducerRecord<>(COPY_TOPIC, record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                copied += records.count();
            }
            long cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() - cpuBefore;
            return new Side(events, Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(cpu), 0);
        }
    }
}
