package dev.pulse.aggregation.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.aggregation.leaderboard.Leaderboard;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a hot-path script's work is counted: what caps the time Redis spends in one script. */
class HotBatchTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

    private final RollupProperties rollups = new RollupProperties(List.of("points"), Duration.ofMinutes(2),
            Duration.ofHours(48));
    private final Leaderboard points = new Leaderboard("points", "Scored", null, "points", Leaderboard.Window.ALL_TIME);

    @Test
    void repeatedCountersAddNoWorkAndEachNewScoreAddsOne() {
        HotBatch batch = new HotBatch("t", Map.of(), List.of(points), new Measures(rollups), Duration.ofHours(48));
        batch.add(scored("member-0", 0), 0, 0);
        int first = batch.work();

        for (int i = 1; i <= 100; i++) {
            batch.add(scored("member-0", i % 60), 0, i);
        }
        assertThat(batch.work()).as("the same member, user and minute: only sums grow").isEqualTo(first);

        for (int i = 1; i <= 100; i++) {
            batch.add(scored("member-" + i, i % 60), 0, 100 + i);
        }
        // a new leaderboard score each, and a user each, eight users costing one operation
        assertThat(batch.work()).isEqualTo(first + 100 + 100 / 8);
        assertThat(batch.added()).isEqualTo(201);
    }

    @Test
    void recordsAtOrBelowTheFenceAddNoWork() {
        HotBatch batch = new HotBatch("t", Map.of(0, 500L), List.of(points), new Measures(rollups), Duration.ofHours(48));
        for (int i = 0; i <= 500; i++) {
            batch.add(scored("member-" + i, 0), 0, i);
        }

        assertThat(batch.work()).isZero();
        assertThat(batch.added()).isZero();
    }

    @Test
    void aNewMinuteAddsItsCounterAndItsExpiries() {
        HotBatch batch = new HotBatch("t", Map.of(), List.of(), new Measures(rollups), Duration.ofHours(48));
        batch.add(scored("member-0", 0), 0, 0);
        int first = batch.work();

        batch.add(scored("member-0", 60), 0, 1);

        // the minute's count and points sum, the expiries of its counter hash and its users' HyperLogLog
        assertThat(batch.work()).isEqualTo(first + 4);
    }

    private static EnrichedEvent scored(String member, int second) {
        Instant at = AT.plusSeconds(second);
        RawEvent event = new RawEvent("t", EventType.TRACK, "Scored", null, member, null, "m-" + member + second, at, at,
                at, Map.of("points", 3), null, null, null, null);
        return EnrichedEvent.of(event, at);
    }
}
