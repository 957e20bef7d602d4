package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The whole pipeline at fixed arrival rates, in one run on fresh engines: the three service jars, an open-loop
 * driver posting batches of realistic traffic to ingestion (5 % re-sent events, 1 % malformed; each request leaves
 * when it is due and its latency counts from then, so a slow answer is not hidden by a client that waited), one
 * measured step per offered rate, and the end-to-end latency probe — from ingestion's acceptance ({@code receivedAt})
 * to counted in Redis and to stored in ClickHouse, read from the aggregation service's own
 * {@code pulse.pipeline.latency} histograms before and after each step. Per step and service: peak resident memory
 * and CPU; per service over the run: every GC pause from its GC log. The report (Markdown, JSON and an SVG chart of
 * latency against throughput) names the highest rate the pipeline kept up with and the latency at half of it.
 * <p>
 * Arguments (all optional): {@code --rates=1000,2000,4000,6000} events/s, {@code --batch=50}, {@code --warmup=20},
 * {@code --seconds=30} per step, {@code --heap=512m}, {@code --out=bench/target/results},
 * {@code --jars=bench/target/services}.
 */
public final class PipelineBenchmark {

    private static final String TENANT = "bench";
    private static final String WRITE_KEY = "bench-write";

    private PipelineBenchmark() {
    }

    record Settings(List<Integer> rates, int batch, Duration warmup, Duration duration, String heap, Path out,
            Path jars) {

        static Settings parse(String... args) {
            Map<String, String> given = BenchEngines.options(args);
            return new Settings(Arrays.stream(given.getOrDefault("rates", "1000,2000,4000,6000").split(","))
                    .map(String::trim).map(Integer::parseInt).toList(),
                    Integer.parseInt(given.getOrDefault("batch", "50")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "20"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("seconds", "30"))),
                    given.getOrDefault("heap", "512m"), Path.of(given.getOrDefault("out", "bench/target/results")),
                    Path.of(given.getOrDefault("jars", "bench/target/services")));
        }
    }

    /** One service's resources over a step. */
    record Usage(String service, long peakRssMib, double cpuSeconds) {
    }

    /** What the requests of a step were answered, event by event. */
    static final class Answers {

        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final AtomicLong accepted = new AtomicLong();
        /** A re-send ingestion took for new (its original's first-seen entry not yet written) counts once here. */
        final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong failedRequests = new AtomicLong();

        void record(long dueNanos, HttpResponse<byte[]> response, Throwable failure) {
            if (failure != null || response.statusCode() != 200) {
                failedRequests.incrementAndGet();
                return;
            }
            BatchAnswer answer = BatchAnswer.of(response.body());
            accepted.addAndGet(answer.accepted().size());
            acceptedIds.addAll(answer.accepted());
            duplicates.addAndGet(answer.duplicates().size());
            rejected.addAndGet(answer.rejected());
            synchronized (latency) {
                latency.recordValue(Math.min(System.nanoTime() - dueNanos, latency.getHighestTrackableValue()));
            }
        }
    }

    /**
     * One offered rate, measured.
     *
     * @param distinct distinct messageIds among the accepted events: what enrichment's dedup lets through
     * @param enriched from acceptance to visible in {@code events.enriched} (enrichment committed), ms
     * @param counted events the hot path counted in Redis during the step (all of them: the step waits for it)
     * @param stored events the sink stored in ClickHouse during the step
     */
    record Step(int rate, long seconds, long accepted, long distinct, long duplicates, long rejected,
            long failedRequests, Histogram capture, Histogram enriched, long counted, long stored, double countedP50,
            double countedP99, double countedP999, double storedP50, double storedP99, List<Usage> usage) {

        double acceptedPerSecond() {
            return (double) accepted / seconds;
        }

        /**
         * Kept up: every request answered with success, every accepted event counted and stored (once per messageId)
         * by the end of the drain, and the answers not queueing (capture p99 under a second).
         */
        boolean keptUp() {
            return failedRequests == 0 && counted >= distinct && stored >= distinct
                    && BenchEngines.millis(capture, 99) < 1000;
        }

        double cpuSecondsPerHundredThousand() {
            double cpu = usage.stream().mapToDouble(Usage::cpuSeconds).sum();
            return accepted == 0 ? 0 : cpu * 100_000 / accepted;
        }
    }

    /** Every step, and each service's GC pauses over the whole run (start-up included). */
    record Report(Settings settings, List<Step> steps, Map<String, GcPauses> gc) {

        /** The highest offered rate the pipeline kept up with. */
        Optional<Step> sustainable() {
            return steps.stream().filter(Step::keptUp).reduce((a, b) -> b.rate() >= a.rate() ? b : a);
        }

        /** The kept-up step closest to half the sustainable rate, from below. */
        Optional<Step> atHalf() {
            return sustainable().flatMap(max -> steps.stream().filter(Step::keptUp)
                    .filter(step -> step.rate() <= max.rate() / 2)
                    .reduce((a, b) -> b.rate() >= a.rate() ? b : a));
        }

        String markdown() {
            StringBuilder rows = new StringBuilder();
            StringBuilder resources = new StringBuilder();
            for (Step step : steps) {
                rows.append("| %,d | %,.0f | %s / %,d / %,d | %d | %.1f / %.1f / %.1f ms | %,d / %,d / %,d ms | %s / %s / %s ms | %s / %s ms | %s |%n"
                        .formatted(step.rate(), step.acceptedPerSecond(), step.accepted() == step.distinct()
                                ? "%,d".formatted(step.accepted())
                                : "%,d (%,d distinct)".formatted(step.accepted(), step.distinct()), step.duplicates(),
                                step.rejected(), step.failedRequests(), BenchEngines.millis(step.capture(), 50),
                                BenchEngines.millis(step.capture(), 99), BenchEngines.millis(step.capture(), 99.9),
                                step.enriched().getValueAtPercentile(50), step.enriched().getValueAtPercentile(99),
                                step.enriched().getValueAtPercentile(99.9), bound(step.countedP50()),
                                bound(step.countedP99()), bound(step.countedP999()),
                                bound(step.storedP50()), bound(step.storedP99()), step.keptUp() ? "yes" : "**no**"));
                resources.append("| %,d | %s | %.1f s |%n".formatted(step.rate(), step.usage().stream()
                        .map(one -> "%,d MiB, %.1f s CPU".formatted(one.peakRssMib(), one.cpuSeconds()))
                        .collect(Collectors.joining(" | ")), step.cpuSecondsPerHundredThousand()));
            }
            StringBuilder pauses = new StringBuilder();
            gc.forEach((service, one) -> pauses.append("| %s | %,d | %.3f ms | %.3f ms | %.3f ms |%n"
                    .formatted(service, one.pauses(), one.p99Millis(), one.p999Millis(), one.maxMillis())));
            String verdict = sustainable().map(max -> "Highest offered rate kept up with: **%,d events/s**. %s"
                    .formatted(max.rate(), atHalf().map(half -> ("At %,d events/s (half of it or just below): "
                            + "accepted → counted in Redis p99 ≤ %,.0f ms, capture p99 %.1f ms.").formatted(half.rate(),
                            half.countedP99(), BenchEngines.millis(half.capture(), 99)))
                            .orElse("No measured step lies at or below half of it.")))
                    .orElse("The pipeline kept up with **none** of the offered rates.");
            return """
                    # Pipeline benchmark

                    Machine: %d cores, Java %s; Kafka, ClickHouse 18.16, Redis, the three services and the driver share
                    them. Batches of %d events (5 %% re-sent, 1 %% malformed), open loop, %d s per offered rate after a
                    %d s warm-up. Chart: `pipeline.svg`.

                    %s

                    | offered events/s | accepted/s | accepted / duplicates / rejected | failed requests | capture p50 / p99 / p99.9 | accepted → enriched (committed) p50 / p99 / p99.9 | accepted → counted in Redis p50 / p99 / p99.9 | accepted → stored in ClickHouse p50 / p99 | kept up |
                    |---:|---:|---:|---:|---:|---:|---:|---:|---|
                    %s
                    Capture latency counts from each request's due time. Enriched: when a read_committed consumer of
                    events.enriched in the harness saw the record. Counted and stored figures are upper bounds of the
                    aggregation service's histogram buckets. Kept up: no failed request, every accepted messageId counted
                    and stored once by the end of the step's drain, capture p99 under 1 s. "Distinct": a re-send that
                    ingestion accepted as new (its original's first-seen entry not yet written) is dropped by
                    enrichment's dedup, so it is counted once.

                    | offered events/s | %s | services' CPU per 100k accepted |
                    |---:|%s---:|
                    %s
                    GC pauses per service over the whole run (from `-Xlog:gc+phases`, start-up included):

                    | service | pauses | p99 | p99.9 | max |
                    |---|---:|---:|---:|---:|
                    %s""".formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(), settings.batch(),
                    settings.duration().toSeconds(), settings.warmup().toSeconds(), verdict, rows,
                    String.join(" | ", PulseServices.ALL), "---:|".repeat(PulseServices.ALL.size()), resources, pauses);
        }

        String json() {
            String stepsJson = steps.stream().map(step -> """
                    {"rate":%d,"acceptedPerSecond":%.1f,"accepted":%d,"distinct":%d,"duplicates":%d,"rejected":%d,\
                    "failedRequests":%d,"captureP50Ms":%.3f,"captureP99Ms":%.3f,"captureP999Ms":%.3f,\
                    "enrichedP50Ms":%d,"enrichedP99Ms":%d,
                    "counted":%d,"stored":%d,"countedP50Ms":%s,"countedP99Ms":%s,"countedP999Ms":%s,\
                    "storedP50Ms":%s,"storedP99Ms":%s,"keptUp":%s,"cpuSecondsPer100k":%.2f,"services":[%s]}"""
                    .formatted(step.rate(), step.acceptedPerSecond(), step.accepted(), step.distinct(), step.duplicates(),
                            step.rejected(), step.failedRequests(), BenchEngines.millis(step.capture(), 50),
                            BenchEngines.millis(step.capture(), 99), BenchEngines.millis(step.capture(), 99.9),
                            step.enriched().getValueAtPercentile(50), step.enriched().getValueAtPercentile(99),
                            step.counted(), step.stored(), number(step.countedP50()), number(step.countedP99()),
                            number(step.countedP999()), number(step.storedP50()), number(step.storedP99()),
                            step.keptUp(), step.cpuSecondsPerHundredThousand(),
                            step.usage().stream().map(one -> """
                                    {"service":"%s","peakRssMib":%d,"cpuSeconds":%.1f}"""
                                    .formatted(one.service(), one.peakRssMib(), one.cpuSeconds()))
                                    .collect(Collectors.joining(","))))
                    .collect(Collectors.joining(","));
            String gcJson = gc.entrySet().stream().map(entry -> """
                    {"service":"%s","pauses":%d,"p99Ms":%.3f,"p999Ms":%.3f,"maxMs":%.3f}""".formatted(entry.getKey(),
                    entry.getValue().pauses(), entry.getValue().p99Millis(), entry.getValue().p999Millis(),
                    entry.getValue().maxMillis())).collect(Collectors.joining(","));
            return """
                    {"batch":%d,"secondsPerStep":%d,"sustainableRate":%s,"halfLoadRate":%s,\
                    "halfLoadCountedP99Ms":%s,"steps":[%s],"gc":[%s]}
                    """.formatted(settings.batch(), settings.duration().toSeconds(),
                    sustainable().map(step -> Integer.toString(step.rate())).orElse("null"),
                    atHalf().map(step -> Integer.toString(step.rate())).orElse("null"),
                    atHalf().map(step -> "%.1f".formatted(step.countedP99())).orElse("null"), stepsJson, gcJson);
        }

        /** A bucket's upper bound, or a dash when the stage took nothing in the step. */
        private static String bound(double millis) {
            return Double.isNaN(millis) ? "–" : "≤ %,.0f".formatted(millis);
        }

        /** A figure for JSON, where there is no NaN. */
        private static String number(double value) {
            return Double.isNaN(value) ? "null" : "%.1f".formatted(value);
        }

        /** Capture and end-to-end latency percentiles against the throughput each step achieved. */
        String chart() {
            double[] throughput = steps.stream().mapToDouble(Step::acceptedPerSecond).toArray();
            return LatencyChart.svg("Pulse pipeline: latency against throughput", throughput, List.of(
                    new LatencyChart.Series("capture p50", "#1f77b4",
                            steps.stream().mapToDouble(step -> BenchEngines.millis(step.capture(), 50)).toArray()),
                    new LatencyChart.Series("capture p99", "#aec7e8",
                            steps.stream().mapToDouble(step -> BenchEngines.millis(step.capture(), 99)).toArray()),
                    new LatencyChart.Series("enriched (committed) p99", "#ff7f0e",
                            steps.stream().mapToDouble(step -> step.enriched().getValueAtPercentile(99)).toArray()),
                    new LatencyChart.Series("counted in Redis p50", "#2ca02c",
                            steps.stream().mapToDouble(Step::countedP50).toArray()),
                    new LatencyChart.Series("counted in Redis p99", "#98df8a",
                            steps.stream().mapToDouble(Step::countedP99).toArray()),
                    new LatencyChart.Series("stored in ClickHouse p99", "#d62728",
                            steps.stream().mapToDouble(Step::storedP99).toArray())));
        }
    }

    public static void main(String[] args) {
        System.out.println(run(Settings.parse(args)).markdown());
    }

    static Report run(Settings settings) {
        Path home = BenchEngines.home();
        LocalStack stack = BenchEngines.start(home);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            PulseServices services = new PulseServices(stack, settings.jars());
            Map<String, String> properties = new LinkedHashMap<>(Map.of(
                    "pulse.tenants." + TENANT + ".write-key", WRITE_KEY,
                    "pulse.rate-limit.tenants." + TENANT + ".events-per-second", "0",
                    "pulse.clickhouse.database", "pulse"));
            String geo = System.getProperty("pulse.enrichment.geo-database",
                    ".cache/geo/geo-whois-asn-country.mmdb");
            properties.put("pulse.enrichment.geo-database", Path.of(geo).toAbsolutePath().toString());
            Path gcLogs = Files.createDirectories(home.resolve("gc"));
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + settings.heap()));
            jvm.addAll(GcPauses.jvmOptions(gcLogs));
            services.start(PulseServices.ALL, jvm, properties);

            EventGenerator generator = new EventGenerator(7, 100_000);
            List<EventGenerator.Template> templates = IntStream.range(0, 100)
                    .mapToObj(i -> generator.batch(settings.batch(), EventGenerator.Mix.REALISTIC)).toList();
            URI capture = services.http("ingestion-service", "/v1/batch");
            URI prometheus = services.management("aggregation-service", "/actuator/prometheus");
            String start = get(http, prometheus);
            Answers warmUp = offer(http, capture, templates, settings.rates().getFirst(), settings.batch(),
                    settings.warmup(), "w");
            // measured from an empty pipeline: whatever the warm-up left in the topics is counted first
            awaitProbed(http, prometheus, start, warmUp.acceptedIds.size());

            List<Step> steps = new ArrayList<>();
            try (EnrichedProbe probe = new EnrichedProbe(stack)) {
                for (int i = 0; i < settings.rates().size(); i++) {
                    steps.add(step(http, services, capture, prometheus, probe, templates, settings, i));
                }
            }
            Map<String, Long> pids = new LinkedHashMap<>();
            PulseServices.ALL.forEach(name -> pids.put(name, services.process(name).pid()));
            services.stop();
            Map<String, GcPauses> gc = new LinkedHashMap<>();
            pids.forEach((name, pid) -> gc.put(name, GcPauses.ofPid(gcLogs, pid)));
            Report report = new Report(settings, steps, gc);
            BenchEngines.writeReport(settings.out(), "pipeline", report.markdown(), report.json());
            Files.writeString(settings.out().resolve("pipeline.svg"), report.chart());
            return report;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (RuntimeException ex) {
            PulseServices.ALL.forEach(name -> BenchEngines.printLogTail(stack, name));
            throw ex;
        }
        finally {
            stack.kill();
            IngestionBenchmark.deleteRecursively(home);
        }
    }

    /** Offers the step's rate, then waits until the hot path and the sink have taken everything it accepted. */
    private static Step step(HttpClient http, PulseServices services, URI capture, URI prometheus,
            EnrichedProbe probe, List<EventGenerator.Template> templates, Settings settings, int index) {
        int rate = settings.rates().get(index);
        String before = get(http, prometheus);
        probe.drain();
        Map<String, ProcessUsage> usage = new LinkedHashMap<>();
        PulseServices.ALL.forEach(name -> usage.put(name, new ProcessUsage(services.process(name))));
        Answers answers = offer(http, capture, templates, rate, settings.batch(), settings.duration(), "s" + index);
        String after = awaitProbed(http, prometheus, before, answers.acceptedIds.size());
        Histogram enriched = probe.drain();
        List<Usage> used = new ArrayList<>();
        usage.forEach((name, one) -> {
            used.add(new Usage(name, one.peakRssMib(), one.cpuUsed().toMillis() / 1000.0));
            one.close();
        });
        PrometheusHistogram counted = latency(after, "counted");
        PrometheusHistogram countedBefore = latency(before, "counted");
        PrometheusHistogram stored = latency(after, "stored");
        PrometheusHistogram storedBefore = latency(before, "stored");
        return new Step(rate, settings.duration().toSeconds(), answers.accepted.get(), answers.acceptedIds.size(),
                answers.duplicates.get(),
                answers.rejected.get(), answers.failedRequests.get(), answers.latency, enriched,
                counted.countSince(countedBefore), stored.countSince(storedBefore),
                counted.upperBoundMillisSince(countedBefore, 0.5), counted.upperBoundMillisSince(countedBefore, 0.99),
                counted.upperBoundMillisSince(countedBefore, 0.999), stored.upperBoundMillisSince(storedBefore, 0.5),
                stored.upperBoundMillisSince(storedBefore, 0.99), used);
    }

    /**
     * Posts a batch every {@code batch / rate} seconds for {@code duration}, each when it is due whatever the answers
     * before it, and records how each was answered.
     */
    private static Answers offer(HttpClient http, URI capture, List<EventGenerator.Template> templates, int rate,
            int batch, Duration duration, String prefix) {
        Answers answers = new Answers();
        AtomicLong sent = new AtomicLong();
        OpenLoop.run(duration, TimeUnit.SECONDS.toNanos(1) * batch / rate, due -> {
            long n = sent.getAndIncrement();
            byte[] body = templates.get((int) (n % templates.size())).stamp(prefix, n * batch);
            return http.sendAsync(HttpRequest.newBuilder(capture)
                            .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, failure) -> {
                        answers.record(due, response, failure);
                        return null;
                    });
        });
        return answers;
    }

    /**
     * Scrapes until both stages have taken every accepted event of the step, or have taken nothing more for ten
     * seconds, or two minutes passed.
     */
    private static String awaitProbed(HttpClient http, URI prometheus, String before, long events) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long seen = -1;
        long lastChange = System.nanoTime();
        while (true) {
            String page = get(http, prometheus);
            long taken = Math.min(latency(page, "counted").countSince(latency(before, "counted")),
                    latency(page, "stored").countSince(latency(before, "stored")));
            if (taken != seen) {
                seen = taken;
                lastChange = System.nanoTime();
            }
            if (taken >= events || System.nanoTime() > deadline
                    || System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(10)) {
                return page;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(500); // polling the service's own counters
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return page;
            }
        }
    }

    private static PrometheusHistogram latency(String page, String stage) {
        return PrometheusHistogram.of(page, "pulse_pipeline_latency_seconds", "stage=\"" + stage + "\"");
    }

    private static String get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (Exception ex) {
            throw new IllegalStateException("could not read " + uri, ex);
        }
    }
}
