package dev.pulse.aggregation.sink;

import dev.pulse.aggregation.clickhouse.ClickHouseSql;
import dev.pulse.aggregation.reconcile.ReconciliationProperties;
import dev.pulse.aggregation.rollup.RollupProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks, for every closed minute and whole hour of the reconciliation window, that the minute and hour rollups hold
 * exactly as many events per Kafka partition as the raw rows, and rebuilds the pairs that differ from the raw rows. The
 * sink rebuilds what a redelivered batch touches; this catches what no redelivery points at, such as a rollup part
 * lost while its rows were stored. Only closed minutes are checked, so a rebuild does not race the sink's own
 * inserts of the same minute but for an event later than the lateness, which the next run sets right.
 */
@Component
class RollupAudit {

    private static final Logger log = LoggerFactory.getLogger(RollupAudit.class);

    private final ClickHouseSql clickHouse;
    private final Rollups rollups;
    private final RollupProperties rollupProperties;
    private final ReconciliationProperties reconciliation;
    private final Clock clock;
    private final Counter rebuilt;

    RollupAudit(ClickHouseSql clickHouse, Rollups rollups, RollupProperties rollupProperties,
            ReconciliationProperties reconciliation, Clock clock, MeterRegistry meters) {
        this.clickHouse = clickHouse;
        this.rollups = rollups;
        this.rollupProperties = rollupProperties;
        this.reconciliation = reconciliation;
        this.clock = clock;
        this.rebuilt = Counter.builder("pulse.rollups.rebuilt")
                .description("(partition, minute or hour) pairs whose rollups the audit rebuilt from the raw rows").register(meters);
    }

    @Scheduled(fixedDelayString = "${pulse.reconciliation.interval:60s}", initialDelayString = "${pulse.reconciliation.interval:60s}")
    void scheduled() {
        try {
            audit();
        }
        catch (Exception ex) {
            log.warn("The audit of the rollups failed; it runs again in {}", reconciliation.interval(), ex);
        }
    }

    /**
     * Rebuilds the (partition, minute) and (partition, hour) pairs whose rollup count differs from the raw rows;
     * returns how many pairs differed.
     */
    int audit() throws Exception {
        Instant closed = clock.instant().minus(rollupProperties.lateness()).truncatedTo(ChronoUnit.MINUTES)
                .minus(1, ChronoUnit.MINUTES);
        Instant from = closed.minus(reconciliation.window());
        Map<Integer, Set<String>> differing = new TreeMap<>();
        int pairs = differing(from, closed, "minute", "toStartOfMinute", differing);
        // whole hours only: the hours that ended before the newest closed minute
        pairs += differing(from.truncatedTo(ChronoUnit.HOURS), closed.truncatedTo(ChronoUnit.HOURS), "hour",
                "toStartOfHour", differing);
        if (pairs == 0) {
            return 0;
        }
        log.warn("The rollups differ from the raw rows for {} (partition, minute or hour) pairs; rebuilding them", pairs);
        rollups.rebuild(differing);
        rebuilt.increment(pairs);
        return pairs;
    }

    /**
     * Adds to {@code differing} the (partition, time) pairs in {@code [from, to)} where the rollup table of this grain
     * ({@code events_<column>}) counts otherwise than the raw rows; a differing hour is added as its first minute,
     * which rebuilds that hour. Returns how many pairs differ.
     */
    private int differing(Instant from, Instant to, String column, String truncation, Map<Integer, Set<String>> differing)
            throws Exception {
        if (!from.isBefore(to)) {
            return 0;
        }
        String range = " >= toDateTime('" + time(from) + "', 'UTC') AND %s < toDateTime('" + time(to) + "', 'UTC')";
        Map<String, String> raw = counts("SELECT kafka_partition, toUnixTimestamp(" + truncation + "(derived_timestamp)) AS t,"
                + " count() FROM " + clickHouse.table("events") + " WHERE toDate(timestamp) >= toDate('" + time(from)
                + "') - 1 AND derived_timestamp" + range.formatted("derived_timestamp") + " GROUP BY kafka_partition, t");
        Map<String, String> rolled = counts("SELECT kafka_partition, toUnixTimestamp(" + column + ") AS t, countMerge(events)"
                + " FROM " + clickHouse.table("events_" + column) + " WHERE " + column + range.formatted(column)
                + " GROUP BY kafka_partition, t");
        Set<String> keys = new TreeSet<>(raw.keySet());
        keys.addAll(rolled.keySet());
        int pairs = 0;
        for (String key : keys) {
            if (!Objects.equals(raw.get(key), rolled.get(key))) {
                String[] parts = key.split("@");
                differing.computeIfAbsent(Integer.parseInt(parts[0]), p -> new TreeSet<>())
                        .add(time(Instant.ofEpochSecond(Long.parseLong(parts[1]))));
                pairs++;
            }
        }
        return pairs;
    }

    /** Rows of (partition, minute, count) as "partition@minute" to count. */
    private Map<String, String> counts(String sql) throws Exception {
        Map<String, String> counts = new HashMap<>();
        for (String[] row : clickHouse.rows(sql)) {
            counts.put(row[0] + '@' + row[1], row[2]);
        }
        return counts;
    }

    private static String time(Instant instant) {
        return ClickHouseTimes.dateTime(instant);
    }
}
