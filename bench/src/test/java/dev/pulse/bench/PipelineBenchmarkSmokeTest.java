package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline benchmark end to end in seconds, so the harness cannot rot; the figures themselves mean nothing here. */
class PipelineBenchmarkSmokeTest {

    @Test
    void offersEachRateProbesEveryAcceptedEventAndWritesTheReportAndChart(@TempDir Path out) throws Exception {
        var settings = new PipelineBenchmark.Settings(List.of(300, 600), 50, Duration.ofSeconds(2),
                Duration.ofSeconds(3), "256m", out, Path.of("target", "services"));

        PipelineBenchmark.Report report = PipelineBenchmark.run(settings);

        assertThat(report.steps()).hasSize(2).allSatisfy(step -> {
            assertThat(step.accepted()).isPositive();
            // the generator's malformed events are rejected one by one; their batches still go through
            assertThat(step.rejected()).isPositive();
            assertThat(step.failedRequests()).isZero();
            // the warm-up's backlog is drained first, so the probe sees exactly the step's accepted events, once each
            assertThat(step.distinct()).isEqualTo(step.accepted());
            assertThat(step.counted()).isEqualTo(step.distinct());
            assertThat(step.stored()).isEqualTo(step.distinct());
            assertThat(step.countedP99()).isPositive();
            assertThat(step.usage()).hasSize(3).allSatisfy(usage -> assertThat(usage.peakRssMib()).isPositive());
        });
        // the probe of events.enriched has joined its group by the second step
        assertThat(report.steps().getLast().enriched().getTotalCount()).isPositive();
        assertThat(report.gc()).hasSize(3).allSatisfy((service, pauses) -> assertThat(pauses.pauses()).isPositive());
        assertThat(Files.readString(out.resolve("pipeline.md"))).contains("accepted → counted in Redis");
        assertThat(Files.readString(out.resolve("pipeline.json"))).contains("\"countedP99Ms\":");
        assertThat(Files.readString(out.resolve("pipeline.svg"))).startsWith("<svg").contains("<polyline");
    }
}
