package dev.pulse.aggregation.rollup;

import dev.pulse.aggregation.leaderboard.Leaderboard;
import dev.pulse.aggregation.live.LiveUpdate;
import dev.pulse.model.EnrichedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's share of a batch of the hot path, summed: the keys it touches and the arguments of the
 * {@code apply-batch.lua} script that updates them, with the fence range of each partition it advances.
 *
 * <p>Events of one batch fall into a few minutes and a few event names, so the keys and fields of a (minute, event)
 * pair are worked out once, on its first event, and each event after it only adds to their sums. Not thread-safe:
 * one batch is summed by one thread.
 */
final class HotBatch {

    private static final Dimension[] DIMENSIONS = Dimension.values();

    private final String tenant;
    private final Map<Integer, Long> fences;
    private final List<Leaderboard> boards;
    private final Measures measures;
    private final Duration retention;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> keyIndex = new HashMap<>();
    private final Map<Integer, long[]> advanced = new LinkedHashMap<>();
    private final Map<KeyField, long[]> increments = new LinkedHashMap<>();
    private final Map<KeyField, double[]> floatIncrements = new LinkedHashMap<>();
    private final Map<KeyField, double[]> rankIncrements = new LinkedHashMap<>();
    private final Map<Integer, Set<String>> users = new LinkedHashMap<>();
    private final Map<Integer, Long> expiries = new LinkedHashMap<>();
    private final Map<MinuteEvent, Slot> slots = new HashMap<>();
    private final Map<String, Long> eventCounts = new HashMap<>();
    private final ArrayDeque<LiveUpdate.Sample> sample = new ArrayDeque<>(LiveUpdate.SAMPLE_SIZE);
    private final int totals;
    private long watermark = -1;
    private int added;

    HotBatch(String tenant, Map<Integer, Long> fences, List<Leaderboard> boards, Measures measures, Duration retention) {
        this.tenant = tenant;
        this.fences = fences;
        this.boards = boards;
        this.measures = measures;
        this.retention = retention;
        key(HotKeys.fence(tenant));
        this.totals = key(HotKeys.totals(tenant));
    }

    /** Adds one record's event, unless its offset is at or below its partition's fence (applied before). */
    void add(EnrichedEvent enriched, int partition, long offset) {
        long fence = fences.getOrDefault(partition, -1L);
        if (offset <= fence) {
            return;
        }
        String event = enriched.event().countedName();
        Instant at = Minutes.countedAt(enriched);
        Slot slot = slot(Minutes.minuteOf(at), event);
        watermark = Math.max(watermark, at.toEpochMilli());

        increments.computeIfAbsent(slot.count, k -> new long[1])[0]++;
        increments.computeIfAbsent(slot.total, k -> new long[1])[0]++;
        for (Measures.Measure measure : measures.of(enriched.event().properties())) {
            floatIncrements.computeIfAbsent(slot.sum(measure.name()), k -> new double[1])[0] += measure.value();
        }
        String user = enriched.event().distinctId();
        if (user != null) {
            users.computeIfAbsent(slot.users(), k -> new HashSet<>()).add(user);
        }
        String country = null;
        for (int d = 0; d < DIMENSIONS.length; d++) {
            String value = DIMENSIONS[d].of(enriched);
            if (DIMENSIONS[d] == Dimension.COUNTRY) {
                country = value;
            }
            if (value != null && !value.isEmpty()) {
                rankIncrements.computeIfAbsent(new KeyField(slot.top(d), value), k -> new double[1])[0] += 1.0;
            }
        }
        for (int b = 0; b < boards.size(); b++) {
            Leaderboard board = boards.get(b);
            if (!board.event().equals(event)) {
                continue;
            }
            String member = board.memberOf(enriched.event());
            Double score = board.scoreOf(enriched.event());
            if (member != null && score != null) {
                rankIncrements.computeIfAbsent(new KeyField(slot.board(b, at), member), k -> new double[1])[0] += score;
            }
        }
        eventCounts.merge(event, 1L, Long::sum);
        if (sample.size() == LiveUpdate.SAMPLE_SIZE) {
            sample.removeFirst();
        }
        sample.addLast(new LiveUpdate.Sample(event, user, at, country));
        long[] range = advanced.computeIfAbsent(partition, p -> new long[] {fence, fence});
        range[1] = Math.max(range[1], offset);
        added++;
    }

    /** How many events were added. */
    int added() {
        return added;
    }

    /** The keys the script's operations name, the tenant's fence first. */
    List<String> keys() {
        return keys;
    }

    /** Events added per event name. */
    Map<String, Long> eventCounts() {
        return eventCounts;
    }

    /** The last few events added, oldest first. */
    List<LiveUpdate.Sample> sample() {
        return List.copyOf(sample);
    }

    /** The fences as they stand once this batch's script ran: where the next script of the batch starts. */
    Map<Integer, Long> fencesAfter() {
        Map<Integer, Long> after = new HashMap<>(fences);
        advanced.forEach((partition, range) -> after.put(partition, range[1]));
        return after;
    }

    /** The script's arguments: the fence ranges, then the operations (see {@code apply-batch.lua}). */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(advanced.size()));
        advanced.forEach((partition, range) -> {
            args.add(partition.toString());
            args.add(Long.toString(range[0]));
            args.add(Long.toString(range[1]));
        });
        increments.forEach((kf, amount) -> op(args, "H", kf.key(), kf.field(), Long.toString(amount[0])));
        floatIncrements.forEach((kf, amount) -> op(args, "F", kf.key(), kf.field(), Double.toString(amount[0])));
        rankIncrements.forEach((kf, amount) -> op(args, "Z", kf.key(), kf.field(), Double.toString(amount[0])));
        users.forEach((index, members) -> {
            args.add("P");
            args.add(Integer.toString(index + 1));
            args.add(Integer.toString(members.size()));
            args.addAll(members);
        });
        if (watermark >= 0) {
            args.add("M");
            args.add(Integer.toString(key(HotKeys.watermark(tenant)) + 1));
            args.add(Long.toString(watermark));
        }
        expiries.forEach((index, at) -> {
            args.add("X");
            args.add(Integer.toString(index + 1));
            args.add(Long.toString(at));
        });
        return args;
    }

    private static void op(List<String> args, String op, int index, String field, String amount) {
        args.add(op);
        args.add(Integer.toString(index + 1));
        args.add(field);
        args.add(amount);
    }

    private Slot slot(Instant minute, String event) {
        return slots.computeIfAbsent(new MinuteEvent(minute.getEpochSecond(), event), pair -> new Slot(minute, event));
    }

    private int key(String key) {
        return keyIndex.computeIfAbsent(key, k -> {
            keys.add(k);
            return keys.size() - 1;
        });
    }

    private int expiring(String key, long at) {
        int index = key(key);
        expiries.putIfAbsent(index, at);
        return index;
    }

    /** A hash field or sorted-set member of the key at an index. */
    private record KeyField(int key, String field) {
    }

    private record MinuteEvent(long minuteSecond, String event) {
    }

    /**
     * The keys and fields one event name touches in one minute; those only some events need (uniques, one
     * dimension's top values, sums, leaderboards) are registered on the first event that does.
     */
    private final class Slot {

        private final Instant minute;
        private final String event;
        private final long expiry;
        private final int minuteKey;
        private final KeyField count;
        private final KeyField total;
        private final int[] top = new int[DIMENSIONS.length];
        private final int[] boardKeys = new int[boards.size()];
        private final Map<String, KeyField> sums = new HashMap<>(4);
        private int users = -1;

        Slot(Instant minute, String event) {
            this.minute = minute;
            this.event = event;
            this.expiry = minute.plus(retention).getEpochSecond();
            this.minuteKey = expiring(HotKeys.minute(tenant, minute), expiry);
            this.count = new KeyField(minuteKey, HotKeys.countField(event));
            this.total = new KeyField(totals, event);
            Arrays.fill(top, -1);
            Arrays.fill(boardKeys, -1);
        }

        KeyField sum(String measure) {
            return sums.computeIfAbsent(measure, name -> new KeyField(minuteKey, HotKeys.sumField(event, name)));
        }

        int users() {
            if (users < 0) {
                users = expiring(HotKeys.users(tenant, minute, event), expiry);
            }
            return users;
        }

        int top(int dimension) {
            if (top[dimension] < 0) {
                top[dimension] = expiring(HotKeys.top(tenant, minute, event, DIMENSIONS[dimension].column()), expiry);
            }
            return top[dimension];
        }

        /** The key of a leaderboard's period holding {@code at}: one for all of the minute, as periods are days or longer. */
        int board(int index, Instant at) {
            if (boardKeys[index] < 0) {
                Leaderboard board = boards.get(index);
                String key = HotKeys.leaderboard(tenant, board.name(), board.window().periodOf(at));
                Instant expires = board.window().expiresAfter(at);
                boardKeys[index] = expires == null ? key(key) : expiring(key, expires.getEpochSecond());
            }
            return boardKeys[index];
        }
    }
}
