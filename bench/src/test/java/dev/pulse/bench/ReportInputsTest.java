package dev.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** What the harness reads from the services' output and the machine: GC logs, enriched records, CPU splits. */
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

    @Test
    void aCpuSplitGivesEachProcessItsCoresAndCostPerUnitAndAddsUpTheOthers() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        cpu.put("service", Duration.ofSeconds(30));
        cpu.put("kafka", Duration.ofSeconds(3));
        cpu.put("redis", Duration.ofSeconds(6));
        CpuSplit.Result split = new CpuSplit.Result(cpu, 0.9, Duration.ofSeconds(30))
                .with("tool", Duration.ofSeconds(1));

        assertThat(split.cores("service")).isEqualTo(1.0, Offset.offset(1e-9));
        assertThat(split.microsPer("redis", 1_000_000)).isEqualTo(6.0, Offset.offset(1e-9));
        // everything but the service: kafka 3 + redis 6 + tool 1 µs per unit
        assertThat(split.microsBeside("service", 1_000_000)).isEqualTo(10.0, Offset.offset(1e-9));
        assertThat(split.microsPerInAll(1_000_000)).isEqualTo(40.0, Offset.offset(1e-9));
        assertThat(split.markdown(1_000_000, "event")).contains("| tool | 0.03 | 1.0 |", "| redis | 0.20 | 6.0 |",
                "| the whole machine, busy | 90 % of");
        assertThat(split.json(1_000_000)).startsWith("{\"hostBusy\":0.900,\"processes\":[{\"process\":\"tool\"");
    }

    @Test
    void aCpuSplitOfThisJvmCountsTheWorkDoneMeanwhile() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CpuSplit split = CpuSplit.start(Map.of());
        // work until this thread alone used 200 ms of CPU, however busy the machine is
        long until = threads.getCurrentThreadCpuTime() + Duration.ofMillis(200).toNanos();
        while (threads.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }

        CpuSplit.Result result = split.stop();

        assertThat(result.cpu()).containsOnlyKeys(CpuSplit.DRIVER);
        assertThat(result.cpu().get(CpuSplit.DRIVER)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }
}
