package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code ProducerPerformance} with the payloads ingestion publishes and ingestion's producer settings:
 * the most this machine's broker takes from one producer, the yardstick for ingestion's throughput.
 */
final class ProducerBaseline {

    /** The final line: "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, ...". */
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency,"
                    + " (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    /** What ProducerPerformance reported, plus the CPU its JVM used. */
    record Result(long records, double recordsPerSecond, double megabytesPerSecond, double p50Millis,
            double p99Millis, Duration cpu) {
    }

    private final LocalStack stack;

    ProducerBaseline(LocalStack stack) {
        this.stack = stack;
    }

    Result run(String topic, List<String> payloads, long records, Path workDir) {
        try {
            Path payloadFile = workDir.resolve("producer-payloads.txt");
            Files.write(payloadFile, payloads);
            List<String> command = stack.kafkaTool("org.apache.kafka.tools.ProducerPerformance", List.of(
                    "--topic", topic, "--num-records", Long.toString(records), "--throughput", "-1",
                    "--payload-file", payloadFile.toString(),
                    "--producer-props", "bootstrap.servers=" + stack.kafkaBootstrapServers(), "acks=all",
                    "enable.idempotence=true", "compression.type=lz4", "linger.ms=5", "batch.size=262144",
                    "buffer.memory=67108864"));
            ToolRun run = ToolRun.of(command, workDir.resolve("producer-performance.log"));
            Matcher m = SUMMARY.matcher(run.output());
            MatchResult last = null;
            while (m.find()) {
                last = m.toMatchResult();
            }
            if (last == null) {
                throw new IllegalStateException("ProducerPerformance printed no summary:\n" + run.output());
            }
            return new Result(Long.parseLong(last.group(1)), Double.parseDouble(last.group(2)),
                    Double.parseDouble(last.group(3)), Double.parseDouble(last.group(6)), Double.parseDouble(last.group(8)), run.cpu());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
