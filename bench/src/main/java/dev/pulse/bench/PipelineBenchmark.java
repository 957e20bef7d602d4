package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The whole pipeline at a fixed arrival rate, in one run on fresh engines: the three service jars, an open-loop
 * driver posting batches to ingestion (each request leaves when it is due; latency counts from then, so a slow
 * answer is not hidden by a client that waited), and the end-to-end latency probe — from ingestion's acceptance
 * ({@code receivedAt}) to counted in Redis and to stored in ClickHouse, read from the aggregation service's own
 * {@code pulse.pipeline.latency} histograms before and after the measured phase. Also each service's peak resident
 * memory, CPU time and longest GC pause.
 * <p>
 * Arguments (all optional): {@code --rate=2000} events/s, {@code --batch=50}, {@code --warmup=30},
 * {@code --seconds=60}, {@code --heap=512m}, {@code --out=bench/target/results}, {@code --jars=bench/target/services}.
 */
public final class PipelineBenchmark {

    private static final String TENANT = "bench";
    private static final String WRITE_KEY = "bench-write";

    private PipelineBenchmark() {
    }

    record Settings(int rate, int batch, Duration warmup, Duration duration, String heap, Path out, Path jars) {

        static Settings parse(String... args) {
            Map<String, String> given = BenchEngines.options(args);
            return new Settings(Integer.parseInt(given.getOrDefault("rate", "2000")),
                    Integer.parseInt(given.getOrDefault("batch", "50")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "30"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("seconds", "60"))),
                    given.getOrDefault("heap", "512m"), Path.of(given.getOrDefault("out", "bench/target/results")),
                    Path.of(given.getOrDefault("jars", "bench/target/services")));
        }
    }

    /** One service's resources over the measured phase. */
    record Usage(String service, long peakRssMib, double cpuSeconds, double longestGcPauseMillis) {
    }

    /** What was offered, what was acknowledged, how fast, and what it cost. */
    record Report(Settings settings, long acknowledged, long failed, Histogram accepted, double storedP50,
            double storedP99, double countedP50, double countedP99, double countedP999, long probed,
            List<Usage> usage) {

        String markdown() {
            StringBuilder services = new StringBuilder();
            for (Usage one : usage) {
                services.append("| %s | %,d MiB | %.1f s | %.3f ms |%n".formatted(one.service(), one.peakRssMib(),
                        one.cpuSeconds(), one.longestGcPauseMillis()));
            }
            return """
                    # Pipeline benchmark

                    Machine: %d cores, Java %s; Kafka, ClickHouse 18.16, Redis, the three services and the driver share
                    them. Offered: %,d events/s in batches of %d, open loop, for %d s after a %d s warm-up.

                    | measure | p50 | p99 | p99.9 |
                    |---|---:|---:|---:|
                    | capture request, from its due time to the answer (%,d acknowledged events, %,d failed requests) | %.2f ms | %.2f ms | %.2f ms |
                    | accepted → counted in Redis (%,d events) | ≤ %.1f ms | ≤ %.1f ms | ≤ %.1f ms |
                    | accepted → stored in ClickHouse | ≤ %.1f ms | ≤ %.1f ms | |

                    End-to-end figures are the upper bounds of the aggregation service's histogram buckets.

                    | service | peak RSS | CPU | longest GC pause |
                    |---|---:|---:|---:|
                    %s""".formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(), settings.rate(),
                    settings.batch(), settings.duration().toSeconds(), settings.warmup().toSeconds(), acknowledged, failed,
                    BenchEngines.millis(accepted, 50), BenchEngines.millis(accepted, 99),
                    BenchEngines.millis(accepted, 99.9), probed, countedP50, countedP99, countedP999, storedP50,
                    storedP99, services);
        }

        String json() {
            return """
                    {"rate":%d,"acknowledged":%d,"failed":%d,"captureP99Ms":%.3f,"countedP50Ms":%.1f,\
                    "countedP99Ms":%.1f,"storedP50Ms":%.1f,"storedP99Ms":%.1f,"services":[%s]}
                    """.formatted(settings.rate(), acknowledged, failed, BenchEngines.millis(accepted, 99), countedP50,
                    countedP99, storedP50, storedP99, String.join(",", usage.stream().map(one -> """
                            {"service":"%s","peakRssMib":%d,"cpuSeconds":%.1f,"longestGcPauseMs":%.3f}"""
                            .formatted(one.service(), one.peakRssMib(), one.cpuSeconds(), one.longestGcPauseMillis()))
                            .toList()));
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
            services.start(PulseServices.ALL, List.of("-Xmx" + settings.heap()), properties);

            EventGenerator generator = new EventGenerator(7, 100_000);
            List<EventGenerator.Template> templates = IntStream.range(0, 100)
                    .mapToObj(i -> generator.batch(settings.batch())).toList();
            URI capture = services.http("ingestion-service", "/v1/batch");
            URI prometheus = services.management("aggregation-service", "/actuator/prometheus");
            String start = get(http, prometheus);
            AtomicLong warmedUp = new AtomicLong();
            offer(http, capture, templates, settings, settings.warmup(), "w", warmedUp, new AtomicLong());
            // measured from an empty pipeline: whatever the warm-up left in the topics is counted first
            awaitProbed(http, prometheus, start, warmedUp.get());

            String before = get(http, prometheus);
            Map<String, ProcessUsage> usage = new LinkedHashMap<>();
            PulseServices.ALL.forEach(name -> usage.put(name, new ProcessUsage(services.process(name))));
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Histogram accepted = offer(http, capture, templates, settings, settings.duration(), "m", acknowledged, failed);
            // the probe counts what the phase offered: wait until the hot path and the sink have taken all of it
            String after = awaitProbed(http, prometheus, before, acknowledged.get());

            PrometheusHistogram counted = PrometheusHistogram.of(after, "pulse_pipeline_latency_seconds", "stage=\"counted\"");
            PrometheusHistogram countedBefore = PrometheusHistogram.of(before, "pulse_pipeline_latency_seconds",
                    "stage=\"counted\"");
            PrometheusHistogram stored = PrometheusHistogram.of(after, "pulse_pipeline_latency_seconds", "stage=\"stored\"");
            PrometheusHistogram storedBefore = PrometheusHistogram.of(before, "pulse_pipeline_latency_seconds",
                    "stage=\"stored\"");
            List<Usage> used = new ArrayList<>();
            usage.forEach((name, one) -> {
                used.add(new Usage(name, one.peakRssMib(), one.cpuUsed().toMillis() / 1000.0,
                        longestGcPause(get(http, services.management(name, "/actuator/prometheus")))));
                one.close();
            });
            services.stop();
            Report report = new Report(settings, acknowledged.get(), failed.get(), accepted,
                    stored.upperBoundMillisSince(storedBefore, 0.5), stored.upperBoundMillisSince(storedBefore, 0.99),
                    counted.upperBoundMillisSince(countedBefore, 0.5), counted.upperBoundMillisSince(countedBefore, 0.99),
                    counted.upperBoundMillisSince(countedBefore, 0.999), counted.countSince(countedBefore), used);
            BenchEngines.writeReport(settings.out(), "pipeline", report.markdown(), report.json());
            return report;
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

    /**
     * Posts a batch every {@code batch / rate} seconds for {@code duration}, each when it is due whatever the answers
     * before it; returns the latency of the acknowledged ones, from their due time.
     */
    private static Histogram offer(HttpClient http, URI capture, List<EventGenerator.Template> templates,
            Settings settings, Duration duration, String prefix, AtomicLong acknowledged, AtomicLong failed) {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong sent = new AtomicLong();
        OpenLoop.run(duration, TimeUnit.SECONDS.toNanos(1) * settings.batch() / settings.rate(), due -> {
            long n = sent.getAndIncrement();
            byte[] body = templates.get((int) (n % templates.size())).stamp(prefix, n * settings.batch());
            return http.sendAsync(HttpRequest.newBuilder(capture)
                            .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        if (failure != null || response.statusCode() != 200) {
                            failed.incrementAndGet();
                            return null;
                        }
                        acknowledged.addAndGet(settings.batch());
                        synchronized (latency) {
                            latency.recordValue(Math.min(System.nanoTime() - due, latency.getHighestTrackableValue()));
                        }
                        return null;
                    });
        });
        return latency;
    }

    /**
     * Scrapes until both stages have taken every acknowledged event of the phase, or have taken nothing more for
     * five seconds (events a batch answer rejected are never counted), or two minutes passed.
     */
    private static String awaitProbed(HttpClient http, URI prometheus, String before, long events) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long seen = -1;
        long lastChange = System.nanoTime();
        while (true) {
            String page = get(http, prometheus);
            long taken = Math.min(probed(page, before, "counted"), probed(page, before, "stored"));
            if (taken != seen) {
                seen = taken;
                lastChange = System.nanoTime();
            }
            if (taken >= events || System.nanoTime() > deadline
                    || System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(5)) {
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

    private static long probed(String page, String before, String stage) {
        String label = "stage=\"" + stage + "\"";
        return PrometheusHistogram.of(page, "pulse_pipeline_latency_seconds", label)
                .countSince(PrometheusHistogram.of(before, "pulse_pipeline_latency_seconds", label));
    }

    /** The longest GC pause the service's registry has seen recently ({@code jvm_gc_pause_seconds_max}), in ms. */
    private static double longestGcPause(String page) {
        Matcher matcher = Pattern.compile("(?m)^jvm_gc_pause_seconds_max\\{[^}]*\\} (\\S+)$").matcher(page);
        double longest = 0;
        while (matcher.find()) {
            longest = Math.max(longest, Double.parseDouble(matcher.group(1)) * 1000);
        }
        return longest;
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
