package dev.pulse.bench;

import dev.pulse.model.Topics;
import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Query latency under concurrent load, in one run: a minute series over the last hour (answered from Redis) and an
 * hourly series over millions of events (answered from the ClickHouse rollups, each query a different range so
 * no answer comes from the cache), each offered at a fixed rate, open loop, latency from each query's due time.
 * The millions of events are written straight into ClickHouse by ClickHouse itself (untimed); the last hour goes
 * through Kafka and the service as usual.
 */
public final class QueryBenchmark {

    private static final String SERVICE = "aggregation-service";

    /** The floor of any answer on this machine: the same service, driver and rate, with no query behind them. */
    static final String STATIC_FILE = "yardstick: the dashboard's HTML page (no query, no Redis)";
    static final String LIVENESS = "yardstick: the liveness probe on the management port (no query, no Redis)";

    private QueryBenchmark() {
    }

    record Settings(long rows, int days, int recentEvents, int queriesPerSecond, Duration duration, String heap, Path out,
            Path jars) {

        static Settings parse(String... args) {
            Map<String, String> given = BenchEngines.options(args);
            return new Settings(Long.parseLong(given.getOrDefault("rows", "10000000")),
                    Integer.parseInt(given.getOrDefault("days", "7")),
                    Integer.parseInt(given.getOrDefault("recent-events", "36000")),
                    Integer.parseInt(given.getOrDefault("queries-per-second", "50")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("seconds", "30"))),
                    given.getOrDefault("heap", "512m"), Path.of(given.getOrDefault("out", "bench/target/results")),
                    Path.of(given.getOrDefault("jars", "bench/target/services")));
        }

        /** The same run with another rate and phase length: a warm-up phase's settings. */
        Settings warmUp(int rate, Duration length) {
            return new Settings(rows, days, recentEvents, rate, length, heap, out, jars);
        }
    }

    /** Latencies of one kind of query in one phase. */
    record Measured(String query, String phase, String source, Histogram latency, long failures, double serverP99) {

        String row() {
            return "| %s | %s | %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %s | %,d | %,d |".formatted(query, phase,
                    source, BenchEngines.millis(latency, 50), BenchEngines.millis(latency, 99),
                    BenchEngines.millis(latency, 99.9), latency.getMaxValue() / 1e6,
                    Double.isNaN(serverP99) ? "–" : "≤ %.1f ms".formatted(serverP99), latency.getTotalCount(),
                    failures);
        }

        String json() {
            return """
                    {"query":"%s","phase":"%s","source":"%s","p50Ms":%.3f,"p99Ms":%.3f,"count":%d,"failed":%d}"""
                    .formatted(query, phase, source, BenchEngines.millis(latency, 50), BenchEngines.millis(latency, 99),
                            latency.getTotalCount(), failures);
        }
    }

    record Report(Settings settings, List<Measured> measured) {

        String markdown() {
            return """
                    # Query benchmark

                    Machine: %d cores, Java %s. %,d events over %d days in ClickHouse 18.16, %,d events in the last hour
                    through the pipeline; %d queries/s of each kind for %d s per phase, open loop (latency from each
                    query's due time, HdrHistogram): each kind alone, then both at once. "p99 in the service" is the
                    service's own http.server.requests histogram over the phase (an upper bucket bound; alone only).
                    The yardsticks are the floor of any answer here: the same service, client and rate, serving a
                    static page, and its liveness probe.

                    | query | phase | answered from | p50 | p99 | p99.9 | max | p99 in the service | answered | failed |
                    |---|---|---|---:|---:|---:|---:|---:|---:|---:|
                    %s
                    """.formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(), settings.rows(),
                    settings.days(), settings.recentEvents(), settings.queriesPerSecond(), settings.duration().toSeconds(),
                    String.join("\n", measured.stream().map(Measured::row).toList()));
        }

        String json() {
            return "{\"rows\":%d,\"queries\":[%s]}\n".formatted(settings.rows(),
                    String.join(",", measured.stream().map(Measured::json).toList()));
        }
    }

    public static void main(String[] args) {
        System.out.println(run(Settings.parse(args)).markdown());
    }

    static Report run(Settings settings) {
        Path home = BenchEngines.home();
        LocalStack stack = BenchEngines.start(home);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (QueryClient queries = new QueryClient(AggregationBenchmark.READ_KEY)) {
            PulseServices services = new PulseServices(stack, settings.jars());
            services.start(List.of(SERVICE), List.of("-Xmx" + settings.heap()), Map.of(
                    "pulse.clickhouse.database", "pulse",
                    "pulse.tenants." + AggregationBenchmark.TENANT + ".read-key", AggregationBenchmark.READ_KEY));
            Instant hourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
            Instant historyStart = hourAgo.minus(Duration.ofDays(settings.days()));
            history(http, stack, settings.rows(), historyStart, hourAgo);
            AggregationBenchmark.send(stack, AggregationBenchmark.generate(settings.recentEvents(), hourAgo.plusSeconds(60),
                    Duration.ofMillis(3_500_000L / settings.recentEvents())));
            KafkaProgress.awaitAllCommitted(stack, Topics.ENRICHED, settings.recentEvents(),
                    List.of("pulse-clickhouse-sink", "pulse-redis-counters"));

            Supplier<URI> recent = () -> services.http(SERVICE, "/v1/query/timeseries?interval=minute&from="
                    + Instant.now().minus(Duration.ofMinutes(59)).truncatedTo(ChronoUnit.SECONDS) + "&to="
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS));
            AtomicLong queried = new AtomicLong();
            Instant firstHour = historyStart.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            Instant lastHour = hourAgo.truncatedTo(ChronoUnit.HOURS);
            long quarter = Math.max(1, Duration.between(firstHour, lastHour).toHours() / 4);
            List<String> events = List.of("", "&event=Product%20Viewed", "&event=Product%20Added",
                    "&event=Checkout%20Started", "&event=Order%20Completed", "&event=Page%20Viewed");
            Supplier<URI> history = () -> {
                // whole hours, as a dashboard asks; every query a range and event of its own (for 7 days, 10,086 of
                // them, 3.5 to 7 days long), so the answer cache never helps
                long n = queried.getAndIncrement();
                Instant from = firstHour.plus(Duration.ofHours(n % quarter));
                Instant to = lastHour.minus(Duration.ofHours(n / quarter % quarter));
                return services.http(SERVICE, "/v1/query/timeseries?interval=hour&from=" + from + "&to=" + to
                        + events.get((int) (n / (quarter * quarter) % events.size())));
            };
            String redisSource = source(queries, recent.get());
            String rollupSource = source(queries, history.get());
            // warm-up, not reported: the first tens of thousands of queries pay for class loading and the JIT (in
            // the service and in this driver), so the Redis-answered query runs at ten times the rate first
            phase(queries, settings.warmUp(settings.queriesPerSecond() * 10, Duration.ofSeconds(30)), List.of(recent));
            phase(queries, settings.warmUp(settings.queriesPerSecond(), Duration.ofSeconds(10)), List.of(recent, history));
            awaitNoMerges(http, stack);
            List<Measured> measured = new ArrayList<>();
            String minuteSeries = "minute series, last hour";
            String hourlySeries = "hourly series over half to all of %d days (a range of its own each time: never cached)".formatted(settings.days());
            URI metrics = services.management(SERVICE, "/actuator/prometheus");
            PrometheusHistogram before = serverTimes(queries, metrics);
            Phase alone = phase(queries, settings, List.of(recent));
            PrometheusHistogram after = serverTimes(queries, metrics);
            measured.add(new Measured(minuteSeries, "alone", redisSource, alone.latencies().get(0), alone.failures().get(0),
                    after.upperBoundMillisSince(before, 0.99)));
            alone = phase(queries, settings, List.of(history));
            measured.add(new Measured(hourlySeries, "alone", rollupSource, alone.latencies().get(0), alone.failures().get(0),
                    serverTimes(queries, metrics).upperBoundMillisSince(after, 0.99)));
            // the yardsticks: the same service, client and rate, answering with no query at all
            alone = phase(queries, settings, List.of(() -> services.http(SERVICE, "/dashboard.html")));
            measured.add(new Measured(STATIC_FILE, "alone", "a static file", alone.latencies().get(0),
                    alone.failures().get(0), Double.NaN));
            alone = phase(queries, settings, List.of(() -> services.management(SERVICE, "/actuator/health/liveness")));
            measured.add(new Measured(LIVENESS, "alone", "memory", alone.latencies().get(0), alone.failures().get(0),
                    Double.NaN));
            Phase both = phase(queries, settings, List.of(recent, history));
            measured.add(new Measured(minuteSeries, "both at once", redisSource, both.latencies().get(0),
                    both.failures().get(0), Double.NaN));
            measured.add(new Measured(hourlySeries, "both at once", rollupSource, both.latencies().get(1),
                    both.failures().get(1), Double.NaN));
            services.stop();
            Report report = new Report(settings, measured);
            BenchEngines.writeReport(settings.out(), "query", report.markdown(), report.json());
            return report;
        }
        catch (RuntimeException ex) {
            BenchEngines.printLogTail(stack, SERVICE);
            throw ex;
        }
        finally {
            stack.kill();
            IngestionBenchmark.deleteRecursively(home);
        }
    }

    /** {@code rows} events spread evenly over {@code [from, to)}, written by ClickHouse itself in chunks of a million. */
    private static void history(HttpClient http, LocalStack stack, long rows, Instant from, Instant to) {
        long span = Duration.between(from, to).toSeconds();
        for (long first = 0; first < rows; first += 1_000_000) {
            long count = Math.min(1_000_000, rows - first);
            String time = "toDateTime(" + from.getEpochSecond() + " + intDiv(number * " + span + ", " + rows + "))";
            AggregationBenchmark.clickHouse(http, stack, """
                    INSERT INTO pulse.events (tenant, message_id, type, event, user_id, distinct_id, timestamp, received_at,
                        processed_at, derived_timestamp, country, device_class, browser, campaign_name, referrer_class,
                        measure_names, measure_values, kafka_partition, kafka_offset)
                    SELECT 'bench', concat('h-', toString(number)), 'track',
                        arrayElement(['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Page Viewed'],
                                     number %% 5 + 1),
                        concat('user-', toString(number %% 100000)), concat('user-', toString(number %% 100000)),
                        %1$s, %1$s, %1$s, %1$s,
                        arrayElement(['DE', 'US', 'FR', 'NL', 'GB', 'BR', 'IN', 'JP'], number %% 8 + 1),
                        arrayElement(['Desktop', 'Phone', 'Tablet'], number %% 3 + 1),
                        arrayElement(['Chrome', 'Safari', 'Firefox', 'Edge'], number %% 4 + 1),
                        concat('winter-', toString(number %% 20)), 'search', ['revenue'], [(number %% 10000) / 100],
                        999, number
                    FROM system.numbers WHERE number >= %2$d LIMIT %3$d""".formatted(time, first, count), null);
        }
        String stored = new String(AggregationBenchmark.clickHouse(http, stack,
                "SELECT countMerge(events) FROM pulse.events_minute WHERE kafka_partition = 999", null),
                StandardCharsets.UTF_8).trim();
        if (Long.parseLong(stored) != rows) {
            throw new IllegalStateException("the rollups hold " + stored + " of the " + rows + " historical events");
        }
    }

    /**
     * Waits until ClickHouse has merged the bulk-loaded parts: the merges of ten million rows and their rollups
     * take both cores for a while after the insert, and queries measured meanwhile measure the merges.
     */
    private static void awaitNoMerges(HttpClient http, LocalStack stack) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            String merging = new String(AggregationBenchmark.clickHouse(http, stack,
                    "SELECT count() FROM system.merges", null), StandardCharsets.UTF_8).trim();
            if ("0".equals(merging)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
        throw new IllegalStateException("ClickHouse was still merging the bulk load after 10 minutes");
    }

    private static String source(QueryClient queries, URI uri) {
        QueryClient.Answer answer = queries.get(uri).join();
        String body = answer.body();
        int at = body.indexOf("\"source\":\"");
        return answer.status() != 200 || at < 0 ? "answered " + answer.status()
                : body.substring(at + 10, body.indexOf('"', at + 10));
    }

    /** The latencies and failures of each kind of query of one phase. */
    private record Phase(List<Histogram> latencies, List<Long> failures) {
    }

    private static Phase phase(QueryClient queries, Settings settings, List<Supplier<URI>> kinds) {
        List<Histogram> latencies = kinds.stream().map(kind -> new Histogram(TimeUnit.SECONDS.toNanos(30), 3)).toList();
        List<AtomicLong> failures = kinds.stream().map(kind -> new AtomicLong()).toList();
        load(queries, settings, kinds, latencies, failures);
        return new Phase(latencies, failures.stream().map(AtomicLong::get).toList());
    }

    /** Offers each kind of query at the fixed rate, open loop; each latency counts from the query's due time. */
    private static void load(QueryClient queries, Settings settings, List<Supplier<URI>> kinds, List<Histogram> latencies,
            List<AtomicLong> failures) {
        OpenLoop.run(settings.duration(), TimeUnit.SECONDS.toNanos(1) / settings.queriesPerSecond(), due -> {
            List<CompletableFuture<?>> sent = new ArrayList<>(kinds.size());
            for (int kind = 0; kind < kinds.size(); kind++) {
                Histogram latency = latencies.get(kind);
                AtomicLong failed = failures.get(kind);
                sent.add(queries.get(kinds.get(kind).get(), due, latency).thenAccept(answer -> {
                    if (answer.status() != 200) {
                        failed.incrementAndGet();
                    }
                }));
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        });
    }

    /** The service's {@code http.server.requests} histogram of the query endpoint. */
    private static PrometheusHistogram serverTimes(QueryClient queries, URI prometheus) {
        return PrometheusHistogram.of(queries.get(prometheus).join().body(), "http_server_requests_seconds",
                "uri=\"/v1/query/timeseries\"");
    }
}
