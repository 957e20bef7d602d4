package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Kafka's own {@code ConsumerPerformance} reading a topic's records (the raw events enrichment reads) with
 * {@code read_committed}, as enrichment does: the most this machine's broker hands one consumer, the yardstick for
 * how fast a consuming service could go if it did nothing with the records.
 */
final class ConsumerBaseline {

    /**
     * What ConsumerPerformance reported, plus the CPU its JVM used.
     *
     * @param recordsPerSecond records per second while fetching (the group join before the first fetch left out)
     * @param megabytesPerSecond payload megabytes per second while fetching
     */
    record Result(long records, double recordsPerSecond, double megabytesPerSecond, Duration cpu) {
    }

    private final LocalStack stack;

    ConsumerBaseline(LocalStack stack) {
        this.stack = stack;
    }

    Result run(String topic, long records, Path workDir) {
        List<String> command = stack.kafkaTool("org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", stack.kafkaBootstrapServers(), "--topic", topic,
                "--num-records", Long.toString(records), "--group", "bench-consumer-performance",
                "--command-property", "isolation.level=read_committed", "--timeout", "60000", "--hide-header"));
        ToolRun run = ToolRun.of(command, workDir.resolve("consumer-performance.log"));
        // one CSV line: start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms,
        // fetch.MB.sec, fetch.nMsg.sec
        String summary = run.output().lines().filter(line -> line.split(",").length >= 10).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("ConsumerPerformance printed no summary:\n" + run.output()));
        String[] fields = summary.split(",\\s*");
        return new Result(Long.parseLong(fields[4].trim()), Double.parseDouble(fields[9].trim()),
                Double.parseDouble(fields[8].trim()), run.cpu());
    }
}
