package dev.pulse.enrichment.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.stack.TestRedis;
import dev.pulse.enrichment.dedup.FirstSeenLedger.Claim;
import dev.pulse.model.EventKeys;
import dev.pulse.model.FirstSeen;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dedup rule against a real Redis. */
class FirstSeenLedgerTest {

    private final String tenant = "t-" + UUID.randomUUID();
    private final DedupProperties properties = new DedupProperties(Duration.ofHours(24), 1000, Duration.ofMinutes(10));

    @Test
    void aRecordIsNeverADuplicateOfItselfButAnotherCopyIs() {
        Claim first = new Claim("m-1", new FirstSeen(0, 10));

        assertThat(ledger().duplicates(tenant, List.of(first))).isEmpty();
        // re-delivered after an aborted transaction, by this instance and by a fresh one after a rebalance
        assertThat(ledger().duplicates(tenant, List.of(first))).isEmpty();
        FirstSeenLedger cached = ledger();
        cached.duplicates(tenant, List.of(first));
        assertThat(cached.duplicates(tenant, List.of(first))).isEmpty();

        Claim copy = new Claim("m-1", new FirstSeen(0, 12));
        assertThat(ledger().duplicates(tenant, List.of(copy))).containsExactly(copy);
        assertThat(cached.duplicates(tenant, List.of(copy))).containsExactly(copy);
    }

    @Test
    void theLocationIngestionRecordedDecidesWhichCopyIsFirst() {
        TestRedis.template().opsForValue().set(EventKeys.firstSeenKey(tenant, "m-2"), new FirstSeen(3, 7).encode());
        Claim earlierCopy = new Claim("m-2", new FirstSeen(3, 5));
        Claim recorded = new Claim("m-2", new FirstSeen(3, 7));

        assertThat(ledger().duplicates(tenant, List.of(earlierCopy, recorded))).containsExactly(earlierCopy);
    }

    @Test
    void aReleasedClaimLetsAReplayThroughAndAStaleReleaseChangesNothing() {
        FirstSeenLedger ledger = ledger();
        Claim deadLettered = new Claim("m-3", new FirstSeen(1, 1));
        ledger.duplicates(tenant, List.of(deadLettered));

        ledger.release(tenant, new Claim("m-3", new FirstSeen(1, 99)));
        assertThat(ledger().duplicates(tenant, List.of(new Claim("m-3", new FirstSeen(1, 50))))).hasSize(1);

        ledger.release(tenant, deadLettered);
        Claim replay = new Claim("m-3", new FirstSeen(2, 500));
        assertThat(ledger.duplicates(tenant, List.of(replay))).isEmpty();
    }

    @Test
    void keysExpireWithTheDedupWindow() {
        ledger().duplicates(tenant, List.of(new Claim("m-4", new FirstSeen(0, 1))));

        Long ttl = TestRedis.template().getExpire(EventKeys.firstSeenKey(tenant, "m-4"));
        assertThat(ttl).isBetween(Duration.ofHours(23).toSeconds(), Duration.ofHours(24).toSeconds());
    }

    private FirstSeenLedger ledger() {
        return new FirstSeenLedger(TestRedis.template(), properties);
    }
}
