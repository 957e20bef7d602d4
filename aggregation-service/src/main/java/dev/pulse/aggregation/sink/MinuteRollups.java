package dev.pulse.aggregation.sink;

import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.aggregation.clickhouse.ClickHouseSql;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the minute rollups of given (Kafka partition, minute) pairs from the raw {@code events} rows. The sink
 * calls it when a batch finds rows already stored: the earlier attempt may have written the rows without their
 * rollup rows (a materialized view is not atomic with its table) or with them, and rebuilding from the raw rows is
 * right either way. Only the consumer owning a partition writes that partition's rows, so nothing races a rebuild.
 * The SELECTs repeat those of the materialized views in {@code V5__minute_rollups.sql}.
 */
@Component
class MinuteRollups {

    private static final Logger log = LoggerFactory.getLogger(MinuteRollups.class);

    private static final String DIMENSIONS =
            "tenant, event, minute, country, device_class, browser, campaign, referrer_class, kafka_partition";
    private static final String SOURCE_COLUMNS = "tenant, event, toStartOfMinute(derived_timestamp) AS minute, country,"
            + " device_class, browser, campaign_name AS campaign, referrer_class, kafka_partition";

    private final ClickHouseSql sql;
    private final ClickHouseProperties properties;

    MinuteRollups(ClickHouseSql sql, ClickHouseProperties properties) {
        this.sql = sql;
        this.properties = properties;
    }

    /** Rebuilds both rollups for each partition's minutes ({@code YYYY-MM-DD hh:mm:00}); returns when done. */
    void rebuild(Map<Integer, Set<String>> minutesByPartition) throws Exception {
        for (Map.Entry<Integer, Set<String>> entry : minutesByPartition.entrySet()) {
            // partitions are numbers and minutes our own formatted times: nothing here is user text
            String minutes = quoted(entry.getValue());
            String where = "kafka_partition = " + entry.getKey() + " AND minute IN (" + minutes + ")";
            String sourceWhere = "kafka_partition = " + entry.getKey() + " AND toStartOfMinute(derived_timestamp) IN ("
                    + minutes + ")";
            log.info("Rebuilding the minute rollups of partition {} for {} minutes", entry.getKey(), entry.getValue().size());
            deleteAndWait("events_minute", where);
            deleteAndWait("events_minute_measures", where);
            sql.execute("INSERT INTO " + properties.table("events_minute") + " SELECT " + SOURCE_COLUMNS
                    + ", countState() AS events, uniqState(distinct_id) AS users FROM " + properties.table("events")
                    + " WHERE " + sourceWhere + " GROUP BY " + DIMENSIONS);
            sql.execute("INSERT INTO " + properties.table("events_minute_measures") + " SELECT " + SOURCE_COLUMNS
                    + ", measure, sumState(value) AS total, quantilesTDigestState(0.5, 0.95, 0.99)(value) AS quantiles FROM "
                    + properties.table("events") + " ARRAY JOIN measure_names AS measure, measure_values AS value WHERE "
                    + sourceWhere + " GROUP BY " + DIMENSIONS + ", measure");
        }
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

    private static String quoted(Collection<String> minutes) {
        return minutes.stream().map(minute -> "'" + minute + "'").collect(Collectors.joining(","));
    }
}
