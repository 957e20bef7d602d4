package dev.pulse.aggregation.sink;

import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.aggregation.clickhouse.ClickHouseSql;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the minute and hour rollups of given (Kafka partition, minute) pairs from the raw {@code events} rows: the
 * minutes themselves and the whole hours they fall in. The sink calls it when a batch finds rows already stored: the
 * earlier attempt may have written the rows without their rollup rows (a materialized view is not atomic with its
 * table) or with them, and rebuilding from the raw rows is right either way. Only the consumer owning a partition
 * writes that partition's rows, so nothing races a rebuild. The SELECTs repeat those of the materialized views in
 * {@code V5__minute_rollups.sql} and {@code V6__hour_rollups.sql}.
 */
@Component
class Rollups {

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    /** One rollup grain: its tables, its time column and how a raw row's time is cut to it. */
    private enum Grain {
        MINUTE("events_minute", "minute", "toStartOfMinute"),
        HOUR("events_hour", "hour", "toStartOfHour");

        private final String table;
        private final String column;
        private final String truncation;

        Grain(String table, String column, String truncation) {
            this.table = table;
            this.column = column;
            this.truncation = truncation;
        }

        String dimensions() {
            return "tenant, event, " + column + ", country, device_class, browser, campaign, referrer_class, kafka_partition";
        }

        String sourceColumns() {
            return "tenant, event, " + truncation + "(derived_timestamp) AS " + column + ", country, device_class, browser,"
                    + " campaign_name AS campaign, referrer_class, kafka_partition";
        }
    }

    private final ClickHouseSql sql;
    private final ClickHouseProperties properties;

    Rollups(ClickHouseSql sql, ClickHouseProperties properties) {
        this.sql = sql;
        this.properties = properties;
    }

    /**
     * Rebuilds the rollups of each partition's minutes ({@code YYYY-MM-DD hh:mm:00}): those minutes, and the hours
     * they fall in; returns when done.
     */
    void rebuild(Map<Integer, Set<String>> minutesByPartition) throws Exception {
        for (Map.Entry<Integer, Set<String>> entry : minutesByPartition.entrySet()) {
            Set<String> hours = new TreeSet<>();
            for (String minute : entry.getValue()) {
                hours.add(minute.substring(0, 13) + ":00:00");
            }
            log.info("Rebuilding the rollups of partition {}: {} minutes, {} hours", entry.getKey(), entry.getValue().size(),
                    hours.size());
            rebuild(Grain.MINUTE, entry.getKey(), entry.getValue());
            rebuild(Grain.HOUR, entry.getKey(), hours);
        }
    }

    private void rebuild(Grain grain, int partition, Set<String> times) throws Exception {
        // partitions are numbers and times our own formatted ones: nothing here is user text
        String quoted = quoted(times);
        String where = "kafka_partition = " + partition + " AND " + grain.column + " IN (" + quoted + ")";
        String sourceWhere = "kafka_partition = " + partition + " AND " + grain.truncation + "(derived_timestamp) IN ("
                + quoted + ")";
        deleteAndWait(grain.table, where);
        deleteAndWait(grain.table + "_measures", where);
        sql.execute("INSERT INTO " + properties.table(grain.table) + " SELECT " + grain.sourceColumns()
                + ", countState() AS events, uniqState(distinct_id) AS users FROM " + properties.table("events")
                + " WHERE " + sourceWhere + " GROUP BY " + grain.dimensions());
        sql.execute("INSERT INTO " + properties.table(grain.table + "_measures") + " SELECT " + grain.sourceColumns()
                + ", measure, sumState(value) AS total, quantilesTDigestState(0.5, 0.95, 0.99)(value) AS quantiles FROM "
                + properties.table("events") + " ARRAY JOIN measure_names AS measure, measure_values AS value WHERE "
                + sourceWhere + " GROUP BY " + grain.dimensions() + ", measure");
    }

    /** Deletes with a mutation (asynchronous in ClickHouse) and waits until it has been applied. */
    private void deleteAndWait(String table, String where) throws Exception {
        sql.execute("ALTER TABLE " + properties.table(table) + " DELETE WHERE " + where);
        long deadline = System.nanoTime() + properties.insertTimeout().toNanos();
        String pending = "SELECT count() FROM system.mutations WHERE database = '" + properties.database()
                + "' AND table = '" + table + "' AND is_done = 0";
        while (!"0".equals(sql.value(pending))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the rollup delete on " + table + " did not finish within "
                        + properties.insertTimeout());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static String quoted(Collection<String> times) {
        return times.stream().map(time -> "'" + time + "'").collect(Collectors.joining(","));
    }
}
