package dev.pulse.bench;

import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Ingestion's throughput next to Kafka's own producer, in one run on fresh engines: the ingestion service (its
 * executable jar, its production JVM flags) takes 20-event batches from {@link BatchLoad} as fast as it answers,
 * then {@code ProducerPerformance} sends the same number of the same payloads with the same producer settings.
 * Writes {@code ingestion.md} and {@code ingestion.json} to the output folder and prints the Markdown.
 * <p>
 * Arguments (all optional): {@code --warmup=180s --duration=30s --connections=32 --batch=20 --heap=512m
 * --out=bench/target/results --jars=bench/target/services --profile}.
 */
public final class IngestionBenchmark {

    static final String SERVICE = "ingestion-service";
    private static final String PRODUCER_PERFORMANCE = "ProducerPerformance (its JVM)";
    private static final String WRITE_KEY = "bench-write";

    private IngestionBenchmark() {
    }

    /**
     * What to run.
     *
     * @param warmup load before measuring, so the JIT and the connections are warm (on two shared vCPUs the JIT was
     *     still compiling after 60 s, at a fifth of the service's CPU; the report says how much it used)
     * @param duration the measured load
     * @param connections concurrent clients
     * @param batch events per request
     * @param heap the service's maximum heap
     * @param out where the report goes
     * @param jars where the service jars are
     * @param profile whether the service records a JFR profile ({@code ingestion.jfr} in the output folder)
     */
    record Settings(Duration warmup, Duration duration, int connections, int batch, String heap, Path out, Path jars,
            boolean profile) {

        static Settings parse(String... args) {
            Map<String, String> given = BenchEngines.options(args);
            return new Settings(seconds(given.getOrDefault("warmup", "180s")), seconds(given.getOrDefault("duration", "30s")),
                    Integer.parseInt(given.getOrDefault("connections", "32")), Integer.parseInt(given.getOrDefault("batch", "20")),
                    given.getOrDefault("heap", "512m"), Path.of(given.getOrDefault("out", "bench/target/results")),
                    Path.of(given.getOrDefault("jars", "bench/target/services")), given.containsKey("profile"));
        }

        private static Duration seconds(String text) {
            return Duration.ofMillis(Math.round(Double.parseDouble(text.replace("s", "")) * 1000));
        }
    }

    /** Both sides of the comparison. */
    record Report(Settings settings, BatchLoad.Result ingestion, Duration ingestionCpu, Duration ingestionJitCpu,
            long ingestionPeakRssMib, ProducerBaseline.Result producer, CpuSplit.Result ingestionPhase,
            CpuSplit.Result producerPhase) {

        /** The share of ProducerPerformance's events/s that ingestion is to reach (the benchmark issue's goal). */
        static final double GOAL = 0.70;

        double ratio() {
            return ingestion.eventsPerSecond() / producer.recordsPerSecond();
        }

        String markdown() {
            var latency = ingestion.latency();
            return """
                    # Ingestion benchmark

                    Machine: %d cores, Java %s. Batches of %d events, %d concurrent clients (closed loop), %s s warm-up, \
                    %s s measured.

                    | | events/s | p50 | p99 | CPU per 100k events | peak RSS |
                    |---|---:|---:|---:|---:|---:|
                    | ingestion-service (HTTP → Kafka, acks=all) | %,.0f | %.1f ms (request) | %.1f ms (request) | %.2f s | %d MiB |
                    | Kafka ProducerPerformance (same payloads and settings) | %,.0f | %.0f ms (record) | %.0f ms (record) | %.2f s | – |

                    Ingestion reached **%.0f %%** of the raw producer's events/s. Requests answered 200: %,d; other answers \
                    or failures: %,d. Events per request: %d; payload: %.2f MB/s at the producer. The service's JIT \
                    compiler threads used %.1f s of its %.1f s of CPU while measured (%.0f %%: more than a few per cent \
                    means the JIT was still at work, and a longer warm-up gives other figures).

                    Where the machine's cores went (CPU time from `/proc`; every process shares the same cores):

                    %s
                    """.formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(), settings.batch(),
                    settings.connections(), settings.warmup().toSeconds(), settings.duration().toSeconds(),
                    ingestion.eventsPerSecond(), latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, perHundredThousand(ingestionCpu, ingestion.events()),
                    ingestionPeakRssMib, producer.recordsPerSecond(), producer.p50Millis(), producer.p99Millis(),
                    perHundredThousand(producer.cpu(), producer.records()), ratio() * 100, ingestion.requests(),
                    ingestion.failures(), settings.batch(), producer.megabytesPerSecond(),
                    ingestionJitCpu.toMillis() / 1000.0, ingestionCpu.toMillis() / 1000.0, jitShare() * 100,
                    machine());
        }

        /**
         * The CPU split of both phases, and what the processes other than the service would need at the goal's rate:
         * the part of the goal that no change to the service can buy on this machine.
         */
        private String machine() {
            double besides = ingestionPhase.microsBeside(SERVICE, ingestion.events());
            double goalRate = producer.recordsPerSecond() * GOAL;
            return """
                    While ingestion was measured:

                    %s
                    While ProducerPerformance ran (its JVM's CPU as the shell's `time` reports it; its start-up included):

                    %s
                    Beside the service, the load driver and the engines used %.1f µs of CPU per ingested event. At the \
                    goal's rate (%.0f %% of the producer's, %,.0f events/s) they alone would keep %.1f cores busy; this \
                    machine has %d.
                    """.formatted(ingestionPhase.markdown(ingestion.events(), "event"),
                    producerPhase.markdown(producer.records(), "record"), besides, GOAL * 100, goalRate,
                    besides * goalRate / 1e6, Runtime.getRuntime().availableProcessors());
        }

        double jitShare() {
            return ingestionCpu.isZero() ? 0 : (double) ingestionJitCpu.toMillis() / ingestionCpu.toMillis();
        }

        String json() {
            var latency = ingestion.latency();
            return """
                    {"cores":%d,"batch":%d,"connections":%d,"durationSeconds":%d,
                     "ingestion":{"eventsPerSecond":%.1f,"requests":%d,"failures":%d,"p50Ms":%.3f,"p99Ms":%.3f,\
                    "p999Ms":%.3f,"cpuSeconds":%.3f,"jitCpuSeconds":%.3f,"peakRssMib":%d},
                     "producerPerformance":{"recordsPerSecond":%.1f,"records":%d,"p50Ms":%.1f,"p99Ms":%.1f,"cpuSeconds":%.3f},
                     "ingestionPhaseCpu":%s,
                     "producerPhaseCpu":%s,
                     "ratio":%.3f}
                    """.formatted(Runtime.getRuntime().availableProcessors(), settings.batch(), settings.connections(),
                    settings.duration().toSeconds(), ingestion.eventsPerSecond(), ingestion.requests(), ingestion.failures(),
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getValueAtPercentile(99.9) / 1000.0, ingestionCpu.toMillis() / 1000.0,
                    ingestionJitCpu.toMillis() / 1000.0, ingestionPeakRssMib,
                    producer.recordsPerSecond(), producer.records(), producer.p50Millis(), producer.p99Millis(),
                    producer.cpu().toMillis() / 1000.0, ingestionPhase.json(ingestion.events()),
                    producerPhase.json(producer.records()), ratio());
        }

        private static double perHundredThousand(Duration cpu, long events) {
            return events == 0 ? 0 : cpu.toMillis() / 1000.0 * 100_000 / events;
        }
    }

    public static void main(String[] args) {
        Report report = run(Settings.parse(args));
        System.out.println(report.markdown());
    }

    static Report run(Settings settings) {
        Path home = BenchEngines.home();
        LocalStack stack = BenchEngines.start(home);
        try {
            PulseServices services = new PulseServices(stack, settings.jars());
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + settings.heap()));
            if (settings.profile()) {
                jvm.addAll(BenchEngines.flightRecording(settings.out(), "ingestion"));
            }
            services.start(List.of(SERVICE), jvm, Map.of(
                    "pulse.tenants.bench.write-key", WRITE_KEY,
                    "pulse.rate-limit.tenants.bench.events-per-second", "0"));
            EventGenerator generator = new EventGenerator(42, 100_000);
            List<EventGenerator.Template> templates = IntStream.range(0, 200)
                    .mapToObj(i -> generator.batch(settings.batch())).toList();
            BatchLoad load = new BatchLoad(services.http(SERVICE, ""), "Bearer " + WRITE_KEY, templates,
                    settings.connections());

            load.run(settings.warmup(), "warmup-");
            BatchLoad.Result ingestion;
            Duration cpu;
            Duration jitCpu;
            long rss;
            CpuSplit.Result ingestionPhase;
            try (ProcessUsage usage = new ProcessUsage(services.process(SERVICE))) {
                CpuSplit split = CpuSplit.start(stack, Map.of(SERVICE, services.process(SERVICE)));
                ingestion = load.run(settings.duration(), "measured-");
                ingestionPhase = split.stop();
                cpu = usage.cpuUsed();
                jitCpu = usage.jitCpuUsed();
                rss = usage.peakRssMib();
            }
            services.stop();

            CpuSplit split = CpuSplit.start(stack, Map.of());
            ProducerBaseline.Result producer = new ProducerBaseline(stack)
                    .run(Topics.RAW, payloads(generator), Math.max(ingestion.events(), 10_000), home);
            Report report = new Report(settings, ingestion, cpu, jitCpu, rss, producer, ingestionPhase,
                    split.stop().with(PRODUCER_PERFORMANCE, producer.cpu()));
            BenchEngines.writeReport(settings.out(), "ingestion", report.markdown(), report.json());
            return report;
        }
        finally {
            stack.kill();
            deleteRecursively(home);
        }
    }

    /** 1,000 raw records as ingestion publishes them, from the generator's fixed seed: the in-process benchmarks' input. */
    public static List<String> samplePayloads() {
        return payloads(new EventGenerator(7, 100_000));
    }

    /** Events as ingestion publishes them: validated, with the server-side context added. */
    static List<String> payloads(EventGenerator generator) {
        EventCodec codec = new EventCodec();
        Instant now = Instant.now();
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            var sent = codec.decodeRaw(generator.event("payload-" + i).getBytes(StandardCharsets.UTF_8));
            byte[] stored = codec.encode(sent.accepted("bench", now, "203.0.113.7", "bench/1.0"));
            payloads.add(new String(stored, StandardCharsets.UTF_8));
        }
        return payloads;
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // a leftover temp folder is harmless
        }
    }
}
