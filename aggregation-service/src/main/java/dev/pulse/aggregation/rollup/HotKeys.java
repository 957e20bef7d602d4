package dev.pulse.aggregation.rollup;

import dev.pulse.model.EventKeys;
import java.time.Instant;

/**
 * The Redis keys of the hot path. Each carries its tenant's hash tag ({@link EventKeys#tenantTag}), so all keys of a
 * tenant share one slot and one script can update them atomically, in Redis Cluster too. Minutes are written as
 * epoch seconds of their start.
 */
public final class HotKeys {

    private HotKeys() {
    }

    private static String prefix(String tenant) {
        return "pulse:" + EventKeys.tenantTag(tenant) + ':';
    }

    /** Hash of one minute: {@code count:<event>} and {@code sum:<event>:<measure>} fields. */
    public static String minute(String tenant, Instant minute) {
        return prefix(tenant) + "minute:" + minute.getEpochSecond();
    }

    /** HyperLogLog of the users seen for one event in one minute. */
    public static String users(String tenant, Instant minute, String event) {
        return prefix(tenant) + "minute:" + minute.getEpochSecond() + ":users:" + event;
    }

    /** Sorted set of one dimension's values for one event in one minute, scored by count. */
    public static String top(String tenant, Instant minute, String event, String dimension) {
        return prefix(tenant) + "minute:" + minute.getEpochSecond() + ":top:" + dimension + ':' + event;
    }

    /** Hash of all-time counts per event name. */
    public static String totals(String tenant) {
        return prefix(tenant) + "counts";
    }

    /** Hash of the last Kafka offset applied per partition of {@code events.enriched}: the replay fence. */
    public static String fence(String tenant) {
        return prefix(tenant) + "fence";
    }

    /** The newest counted event time applied, in epoch milliseconds: what closes minutes. */
    public static String watermark(String tenant) {
        return prefix(tenant) + "watermark";
    }

    /** Sorted set of one leaderboard in one period ({@code all}, a day or an ISO week). */
    public static String leaderboard(String tenant, String name, String period) {
        return prefix(tenant) + "leaderboard:" + name + ':' + period;
    }

    /** Hash of the leaderboard definitions created through the admin endpoint, name to JSON. */
    public static String leaderboardDefinitions(String tenant) {
        return prefix(tenant) + "leaderboards";
    }

    public static String countField(String event) {
        return "count:" + event;
    }

    public static String sumField(String event, String measure) {
        return "sum:" + event + ':' + measure;
    }
}
