package dev.pulse.bench;

import dev.pulse.aggregation.sink.SinkEncodingBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every harness in one run, shortened to fit ten minutes on two cores: ingestion next to Kafka's producer,
 * enrichment next to Kafka's consumer and a transactional copy, the aggregation service next to a raw RowBinary
 * insert, Kafka Streams and redis-benchmark, the whole pipeline at four rates, and the JMH hot paths. Writes each
 * harness's own report and a summary ({@code summary.md}, {@code summary.json}) with every goal and ratio.
 * <p>
 * Arguments (optional): {@code --out=bench/target/results}, {@code --jars=bench/target/services}.
 */
public final class BenchmarkSuite {

    private static final String HEAP = "512m";

    private BenchmarkSuite() {
    }

    /** Every harness's report, and the JMH scores in operations (events or rows) per second by benchmark. */
    record Summary(Duration took, IngestionBenchmark.Report ingestion, EnrichmentBenchmark.Report enrichment,
            AggregationBenchmark.Report aggregation, PipelineBenchmark.Report pipeline, Map<String, Double> jmh) {

        /** One goal of the benchmark issue: what it asks, what was measured, whether it is met. */
        record Goal(String name, String measured, boolean met) {
        }

        List<Goal> goals() {
            double fullChain = jmh.getOrDefault("EnrichmentChainBenchmark.fullChain", 0.0);
            long peakRss = pipeline.steps().stream().flatMap(step -> step.usage().stream())
                    .mapToLong(PipelineBenchmark.Usage::peakRssMib).max().orElse(0);
            double gcP999 = pipeline.gc().values().stream().mapToDouble(GcPauses::p999Millis).max().orElse(0);
            double sinkRatio = aggregation.sinkRowsPerSecond() / aggregation.rawInsertRowsPerSecond();
            double streamsRatio = aggregation.serviceEventsPerSecond() / aggregation.streamsEventsPerSecond();
            String endToEnd = pipeline.atHalf()
                    .map(half -> "p99 ≤ %,.0f ms at %,d events/s (highest kept up with: %,d)".formatted(
                            half.countedP99(), half.rate(), pipeline.sustainable().orElseThrow().rate()))
                    .orElse("no measured rate at or below half of the highest kept up with");
            boolean endToEndMet = pipeline.atHalf().map(half -> half.countedP99() < 15).orElse(false);
            return List.of(
                    new Goal("ingestion ≥ 70 % of Kafka's ProducerPerformance", "%.0f %% (%,.0f vs %,.0f events/s)"
                            .formatted(100 * ingestion.ratio(), ingestion.ingestion().eventsPerSecond(),
                                    ingestion.producer().recordsPerSecond()), ingestion.ratio() >= IngestionBenchmark.Report.GOAL),
                    new Goal("enrichment ≥ 150,000 events/s per core (JMH, full chain on one thread)",
                            "%,.0f events/s".formatted(fullChain), fullChain >= 150_000),
                    new Goal("ClickHouse sink ≥ 80 % of a raw RowBinary insert", "%.0f %% (%,.0f vs %,.0f rows/s)"
                            .formatted(100 * sinkRatio, aggregation.sinkRowsPerSecond(),
                                    aggregation.rawInsertRowsPerSecond()), sinkRatio >= AggregationBenchmark.Report.SINK_GOAL),
                    new Goal("aggregation ≥ 2× Kafka Streams", "%.2f× (%,.0f vs %,.0f events/s)".formatted(streamsRatio,
                            aggregation.serviceEventsPerSecond(), aggregation.streamsEventsPerSecond()),
                            streamsRatio >= AggregationBenchmark.Report.STREAMS_GOAL),
                    new Goal("end-to-end p99 (accepted → counted in Redis) < 15 ms at half the highest sustainable load",
                            endToEnd, endToEndMet),
                    new Goal("GC pause p99.9 < 1 ms", "%.3f ms (worst service, whole pipeline run)".formatted(gcP999),
                            gcP999 < 1),
                    new Goal("RSS < 300 MB per service under load", "%,d MiB (highest peak, pipeline run)"
                            .formatted(peakRss), peakRss < 300));
        }

        String markdown() {
            String goals = goals().stream().map(goal -> "| %s | %s | %s |".formatted(goal.name(), goal.measured(),
                    goal.met() ? "yes" : "**no**")).collect(Collectors.joining("\n"));
            var redis = aggregation.redisBenchmark().stream().filter(one -> one.name().startsWith("ZREVRANK"))
                    .findFirst().orElseThrow();
            var rank = aggregation.rank();
            String jmhRows = jmh.entrySet().stream().map(entry -> "| %s | %,.0f |".formatted(entry.getKey(),
                    entry.getValue())).collect(Collectors.joining("\n"));
            return """
                    # Pulse benchmark suite

                    Machine: %d cores, Java %s; every engine, service and load driver on it. Took %d min %d s.
                    Per-harness reports beside this file (`ingestion.md`, `enrichment.md`, `aggregation.md`,
                    `pipeline.md`, chart `pipeline.svg`); what limits each figure: BENCHMARKS.md.

                    ## Goals

                    | goal | measured | met |
                    |---|---|---|
                    %s

                    ## Side by side with the engines' own tools, same run

                    | Pulse | events/s or latency | yardstick | events/s or latency | ratio |
                    |---|---:|---|---:|---:|
                    | ingestion-service (HTTP batches of %d) | %,.0f | Kafka ProducerPerformance, same payloads and settings | %,.0f | %.2f |
                    | enrichment-service | %,.0f | Kafka ConsumerPerformance, read_committed | %,.0f | %.2f |
                    | enrichment-service | %,.0f | transactional consume → produce copy | %,.0f | %.2f |
                    | ClickHouse sink | %,.0f | raw RowBinary insert of the same rows | %,.0f | %.2f |
                    | aggregation-service, both consumer groups | %,.0f | Kafka Streams windowed count, exactly-once | %,.0f | %.2f |
                    | leaderboard rank over HTTP, p99 | %.2f ms | redis-benchmark ZREVRANK p99 | %.3f ms | %.0f× slower |

                    ## JMH hot paths (one thread, operations per second)

                    | benchmark | ops/s |
                    |---|---:|
                    %s
                    """.formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(), took.toMinutes(),
                    took.toSecondsPart(), goals, ingestion.settings().batch(), ingestion.ingestion().eventsPerSecond(),
                    ingestion.producer().recordsPerSecond(), ingestion.ratio(), enrichment.enrichment().eventsPerSecond(),
                    enrichment.consumer().recordsPerSecond(),
                    enrichment.enrichment().eventsPerSecond() / enrichment.consumer().recordsPerSecond(),
                    enrichment.enrichment().eventsPerSecond(), enrichment.copy().eventsPerSecond(),
                    enrichment.enrichment().eventsPerSecond() / enrichment.copy().eventsPerSecond(),
                    aggregation.sinkRowsPerSecond(), aggregation.rawInsertRowsPerSecond(),
                    aggregation.sinkRowsPerSecond() / aggregation.rawInsertRowsPerSecond(),
                    aggregation.serviceEventsPerSecond(), aggregation.streamsEventsPerSecond(),
                    aggregation.serviceEventsPerSecond() / aggregation.streamsEventsPerSecond(),
                    BenchEngines.millis(rank, 99), redis.p99Millis(), BenchEngines.millis(rank, 99) / redis.p99Millis(),
                    jmhRows);
        }

        String json() {
            String goalsJson = goals().stream().map(goal -> """
                    {"goal":"%s","measured":"%s","met":%s}""".formatted(goal.name(), goal.measured(), goal.met()))
                    .collect(Collectors.joining(","));
            String jmhJson = jmh.entrySet().stream().map(entry -> "\"%s\":%.1f".formatted(entry.getKey(),
                    entry.getValue())).collect(Collectors.joining(","));
            return """
                    {"tookSeconds":%d,"goals":[%s],"jmh":{%s}}
                    """.formatted(took.toSeconds(), goalsJson, jmhJson);
        }
    }

    public static void main(String[] args) throws RunnerException {
        Map<String, String> given = BenchEngines.options(args);
        Path out = Path.of(given.getOrDefault("out", "bench/target/results"));
        Path jars = Path.of(given.getOrDefault("jars", "bench/target/services"));
        Summary summary = run(out, jars);
        System.out.println(summary.markdown());
    }

    static Summary run(Path out, Path jars) throws RunnerException {
        long start = System.nanoTime();
        var ingestion = IngestionBenchmark.run(new IngestionBenchmark.Settings(Duration.ofSeconds(30),
                Duration.ofSeconds(20), 32, 20, HEAP, out, jars, false));
        var enrichment = EnrichmentBenchmark.run(new EnrichmentBenchmark.Settings(200_000, 100_000, HEAP, out, jars));
        var aggregation = AggregationBenchmark.run(new AggregationBenchmark.Settings(200_000, 100_000, 8, 200_000, 20_000, 200,
                Duration.ofSeconds(15), HEAP, out, jars, false));
        var pipeline = PipelineBenchmark.run(new PipelineBenchmark.Settings(List.of(1000, 2000, 4000, 6000), 50,
                Duration.ofSeconds(15), Duration.ofSeconds(20), HEAP, out, jars));
        Map<String, Double> jmh = jmh();
        Summary summary = new Summary(Duration.ofNanos(System.nanoTime() - start), ingestion, enrichment, aggregation,
                pipeline, jmh);
        BenchEngines.writeReport(out, "summary", summary.markdown(), summary.json());
        return summary;
    }

    /** The JMH hot paths, shortened: two warm-up and three measured iterations of two seconds each. */
    private static Map<String, Double> jmh() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(EnrichmentChainBenchmark.class.getName())
                .include(SinkEncodingBenchmark.class.getName())
                .warmupIterations(2).warmupTime(TimeValue.seconds(2))
                .measurementIterations(3).measurementTime(TimeValue.seconds(2))
                .build()).run();
        Map<String, Double> scores = new LinkedHashMap<>();
        results.forEach(result -> {
            String benchmark = result.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            scores.put(name, result.getPrimaryResult().getScore());
        });
        return scores;
    }
}
