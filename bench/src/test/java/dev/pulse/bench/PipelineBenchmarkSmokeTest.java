package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline benchmark end to end in seconds, so the harness cannot rot; the figures themselves mean nothing here. */
class PipelineBenchmarkSmokeTest {

    @Test
    void offersLoadProbesEveryAcknowledgedEventAndWritesTheReport(@TempDir Path out) throws Exception {
        var settings = new PipelineBenchmark.Settings(500, 50, Duration.ofSeconds(2), Duration.ofSeconds(3), "256m", out,
                Path.of("target", "services"));

        PipelineBenchmark.Report report = PipelineBenchmark.run(settings);

        assertThat(report.acknowledged()).isPositive();
        assertThat(report.failed()).isZero();
        // the warm-up's backlog is drained first, so the probe sees exactly the measured phase's events
        assertThat(report.probed()).isEqualTo(report.acknowledged());
        assertThat(report.countedP99()).isPositive();
        assertThat(report.storedP99()).isPositive();
        assertThat(report.usage()).hasSize(3).allSatisfy(usage -> assertThat(usage.peakRssMib()).isPositive());
        assertThat(Files.readString(out.resolve("pipeline.md"))).contains("accepted → counted in Redis");
        assertThat(Files.readString(out.resolve("pipeline.json"))).contains("\"countedP99Ms\":");
    }
}
