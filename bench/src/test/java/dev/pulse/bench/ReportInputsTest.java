package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** What the harness reads from the services' output: GC logs and enriched records. */
class ReportInputsTest {

    @Test
    void everyZgcPauseOfAGcLogCountsAndNothingElse() {
        GcPauses pauses = GcPauses.of("""
                [0.480s][info][gc,phases] GC(0) Y: Pause Mark Start (Major) 0.010ms
                [0.485s][info][gc,phases] GC(0) Y: Concurrent Mark 4.912ms
                [0.490s][info][gc,phases] GC(0) Y: Pause Mark End 0.006ms
                [0.491s][info][gc,phases] GC(0) Y: Pause Relocate Start 2.500ms
                [0.495s][info][gc,phases] GC(0) O: Pause Mark End 0.004ms
                """);

        assertThat(pauses.pauses()).isEqualTo(4);
        assertThat(pauses.maxMillis()).isEqualTo(2.5, Offset.offset(0.01));
        assertThat(pauses.p99Millis()).isEqualTo(2.5, Offset.offset(0.01));
    }

    @Test
    void theProbeReadsWhenIngestionReceivedAnEnrichedRecord() {
        byte[] record = """
                {"schemaVersion":1,"event":{"tenant":"t","type":"track","event":"E","userId":"u",\
                "receivedAt":"2026-11-22T08:00:01.250Z"},"enrichments":{"derivedTimestamp":"2026-11-22T08:00:01Z"}}"""
                .getBytes(StandardCharsets.UTF_8);

        assertThat(EnrichedProbe.receivedAt(record)).isEqualTo(Instant.parse("2026-11-22T08:00:01.250Z").toEpochMilli());
        assertThat(EnrichedProbe.receivedAt("{\"event\":{}}".getBytes(StandardCharsets.UTF_8))).isZero();
        assertThat(EnrichedProbe.receivedAt("{\"receivedAt\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8))).isZero();
    }
}
