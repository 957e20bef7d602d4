package dev.pulse.aggregation.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.pulse.stack.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The hot path's scripts against a real Redis: sent together, run in order, and a lost script cache filled again. */
class HotScriptsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final StringRedisTemplate redis = TestRedis.template();
    private final HotScripts scripts = new HotScripts(TestRedis.connectionFactory());
    private final String tenant = "scripts-" + UUID.randomUUID();
    private final String fence = HotKeys.fence(tenant);
    private final String totals = HotKeys.totals(tenant);

    @AfterEach
    void closeConnection() {
        scripts.destroy();
    }

    @Test
    void scriptsSentTogetherRunInTheirOrder() {
        // each script expects the fence the one before it left: one out of order fails its fence check
        scripts.apply(IntStream.range(0, 200).mapToObj(i -> add(0, i - 1, i)).toList(), TIMEOUT);

        assertThat(redis.opsForHash().get(fence, "0")).isEqualTo("199");
        assertThat(redis.opsForHash().get(totals, "Played")).isEqualTo("200");
    }

    @Test
    void aRedisThatLostItsScriptsIsGivenThemAgain() {
        scripts.apply(List.of(add(0, -1, 0)), TIMEOUT);
        try (RedisConnection connection = TestRedis.connectionFactory().getConnection()) {
            connection.scriptingCommands().scriptFlush();
        }

        scripts.apply(List.of(add(0, 0, 1), add(0, 1, 2), add(1, -1, 0)), TIMEOUT);

        assertThat(redis.opsForHash().entries(fence)).containsExactlyInAnyOrderEntriesOf(Map.of("0", "2", "1", "0"));
        assertThat(redis.opsForHash().get(totals, "Played")).isEqualTo("4");
    }

    @Test
    void aFenceThatMovedFailsItsScriptsAndNoOthers() {
        scripts.apply(List.of(add(0, -1, 5)), TIMEOUT);

        // partition 0 was applied to offset 5 since these scripts were planned from a fence of 3
        assertThatIllegalStateException()
                .isThrownBy(() -> scripts.apply(List.of(add(0, 3, 4), add(1, -1, 0), add(0, 4, 6)), TIMEOUT))
                .withMessageStartingWith("2 of 3 hot-path scripts failed")
                .withMessageContaining("FENCE partition 0 is at 5, expected 3");

        assertThat(redis.opsForHash().entries(fence)).containsExactlyInAnyOrderEntriesOf(Map.of("0", "5", "1", "0"));
        assertThat(redis.opsForHash().get(totals, "Played")).isEqualTo("2");
    }

    @Test
    void keysAndArgumentsKeepTheirUnicode() {
        String event = "Partie gespielt – Größe ✓ 🎲";
        List<String> arguments = List.of("1", "0", "-1", "0", "H", "2", event, "3");
        scripts.apply(List.of(new HotScripts.Script(List.of(fence, totals + ":ü"), arguments)), TIMEOUT);

        assertThat(redis.opsForHash().entries(totals + ":ü")).isEqualTo(Map.of(event, "3"));
    }

    /** Counts one "Played" and moves {@code partition}'s fence from {@code expected} to {@code offset}. */
    private HotScripts.Script add(int partition, long expected, long offset) {
        return new HotScripts.Script(List.of(fence, totals), List.of("1", Integer.toString(partition),
                Long.toString(expected), Long.toString(offset), "H", "2", "Played", "1"));
    }
}
