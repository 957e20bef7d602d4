package dev.pulse.aggregation.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.model.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inserts rows (records whose field names are the columns, in camel case) into a ClickHouse table as one
 * JSONEachRow insert, and returns only after ClickHouse acknowledged it. Fields that are null are left out, so the
 * columns take their defaults.
 */
@Component
class JsonEachRowInserter {

    private final Client client;
    private final ClickHouseProperties properties;
    private final JsonMapper rows;

    JsonEachRowInserter(Client client, ClickHouseProperties properties, EventCodec codec) {
        this.client = client;
        this.properties = properties;
        this.rows = rowMapper(codec);
    }

    /** The mapper that writes row records as JSONEachRow: the codec's settings, snake_case column names. */
    static JsonMapper rowMapper(EventCodec codec) {
        return codec.mapper().rebuild().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    /** Writes {@code batch} as JSONEachRow (one JSON object per line) to {@code out}: the body of one insert. */
    static void write(JsonMapper rows, List<?> batch, OutputStream out) {
        try (SequenceWriter writer = rows.writer().withRootValueSeparator("\n").writeValues(out)) {
            for (Object row : batch) {
                writer.write(row);
            }
        }
    }

    /** The mapper rows are written with, for columns that hold JSON text. */
    JsonMapper mapper() {
        return rows;
    }

    /**
     * Inserts the rows of a batch that are not stored yet. A batch delivered again (after a crash between the insert
     * and the offset commit, or a rebalance) finds its rows by Kafka partition and offset and skips them — also when
     * the earlier insert was cut off part way, as an insert spanning several days may be (ClickHouse is atomic per
     * table partition only). Plain MergeTree does not deduplicate inserts on its own, on 18.16 or later.
     *
     * @return the rows of the batch that were stored already, and were not inserted again
     */
    <R extends OffsetRow> List<R> insertOnce(String table, List<R> batch) throws Exception {
        if (batch.isEmpty()) {
            return List.of();
        }
        Set<Long> stored = storedOffsets(table, batch);
        if (stored.isEmpty()) {
            insert(table, batch);
            return List.of();
        }
        Map<Boolean, List<R>> split = batch.stream()
                .collect(Collectors.partitioningBy(row -> stored.contains(key(row.kafkaPartition(), row.kafkaOffset()))));
        insert(table, split.get(false));
        return split.get(true);
    }

    /** Which of the batch's (partition, offset) pairs the table already holds, as {@link #key} values. */
    private Set<Long> storedOffsets(String table, List<? extends OffsetRow> batch) throws Exception {
        Map<Integer, long[]> ranges = new TreeMap<>();
        Set<String> days = new TreeSet<>();
        for (OffsetRow row : batch) {
            ranges.merge(row.kafkaPartition(), new long[] {row.kafkaOffset(), row.kafkaOffset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            days.add(row.day());
        }
        String where = ranges.entrySet().stream()
                .map(range -> "(kafka_partition = " + range.getKey() + " AND kafka_offset BETWEEN " + range.getValue()[0]
                        + " AND " + range.getValue()[1] + ")")
                .collect(Collectors.joining(" OR "));
        // days come from our own formatted times, partitions and offsets are numbers: nothing here is user text
        String sql = "SELECT kafka_partition, kafka_offset FROM " + properties.table(table) + " WHERE toDate(" + dayColumn(table)
                + ") IN (" + days.stream().map(day -> "'" + day + "'").collect(Collectors.joining(",")) + ") AND (" + where
                + ") FORMAT TabSeparated";
        Set<Long> stored = new HashSet<>();
        try (QueryResponse response = client.query(sql, new QuerySettings().setFormat(ClickHouseFormat.TabSeparated))
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().map(line -> line.split("\t"))
                    .forEach(fields -> stored.add(key(Integer.parseInt(fields[0]), Long.parseLong(fields[1]))));
        }
        return stored;
    }

    private static String dayColumn(String table) {
        return switch (table) {
            case "events" -> "timestamp";
            case "dead_letter" -> "failed_at";
            default -> throw new IllegalArgumentException("no day column known for " + table);
        };
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    private void insert(String table, List<?> batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        Body body = new Body(batch.size() * 1024);
        write(rows, batch, body);
        client.insert(properties.table(table), body.asInputStream(), ClickHouseFormat.JSONEachRow)
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .close();
    }

    /** The request body, handed to the client as it is, without the copy {@code toByteArray()} makes. */
    private static final class Body extends ByteArrayOutputStream {

        Body(int size) {
            super(size);
        }

        InputStream asInputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
