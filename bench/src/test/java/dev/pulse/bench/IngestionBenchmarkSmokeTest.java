package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestion benchmark end to end in seconds, so the harness cannot rot; the figures themselves mean nothing here. */
class IngestionBenchmarkSmokeTest {

    @Test
    void runsBothSidesAndWritesTheReport(@TempDir Path out) throws Exception {
        var settings = new IngestionBenchmark.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), 4, 20, "256m", out,
                Path.of("target", "services"), false);

        IngestionBenchmark.Report report = IngestionBenchmark.run(settings);

        assertThat(report.ingestion().events()).isPositive();
        assertThat(report.ingestion().failures()).isZero();
        assertThat(report.ingestion().latency().getTotalCount()).isEqualTo(report.ingestion().requests());
        assertThat(report.producer().records()).isEqualTo(Math.max(report.ingestion().events(), 10_000));
        assertThat(report.ingestionPeakRssMib()).isPositive();
        // a second after start-up the JIT is surely compiling: its threads are found and their CPU counted
        assertThat(report.ingestionJitCpu()).isPositive().isLessThanOrEqualTo(report.ingestionCpu());
        // the driver, the service and the broker all worked while measured, and are told apart
        assertThat(report.ingestionPhase().cpu()).containsKeys(IngestionBenchmark.SERVICE, CpuSplit.DRIVER, "kafka");
        assertThat(report.ingestionPhase().cpu().values()).allMatch(cpu -> !cpu.isNegative());
        assertThat(report.ingestionPhase().cpu().get(IngestionBenchmark.SERVICE)).isPositive();
        assertThat(report.ingestionPhase().cpu().get("kafka")).isPositive();
        assertThat(report.producerPhase().cpu().get("kafka")).isPositive();
        assertThat(Files.readString(out.resolve("ingestion.md"))).contains("ProducerPerformance", "events/s",
                "Where the machine's cores went");
        assertThat(Files.readString(out.resolve("ingestion.json"))).contains("\"ratio\":");
    }
}
