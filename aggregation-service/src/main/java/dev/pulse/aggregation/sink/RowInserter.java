package dev.pulse.aggregation.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.model.EventCodec;
import java.io.ByteArrayInputStream;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Inserts a batch of rows into a ClickHouse table as one insert in the rows' own {@link Format}, and returns only
 * after ClickHouse acknowledged it: events as RowBinary ({@link EventRow#FORMAT}), dead letters (rare, and read by
 * people) as JSONEachRow ({@link #json()}), records whose field names are the columns, nulls left out so the columns
 * take their defaults.
 */
@Component
class RowInserter {

    /**
     * How rows of one kind are sent: the format, the columns in the order the writer writes them (all of them when
     * empty), and the writer of a batch.
     */
    record Format<R>(ClickHouseFormat format, List<String> columns, RowWriter<R> writer) {
    }

    /** Writes one row to an insert's body. */
    @FunctionalInterface
    interface RowWriter<R> {
        void write(R row, OutputStream out) throws IOException;
    }

    private final Client client;
    private final ClickHouseProperties properties;
    private final JsonMapper rows;

    RowInserter(Client client, ClickHouseProperties properties, EventCodec codec) {
        this.client = client;
        this.properties = properties;
        this.rows = rowMapper(codec);
    }

    /** The mapper that writes row records as JSONEachRow: the codec's settings, snake_case column names. */
    static JsonMapper rowMapper(EventCodec codec) {
        return codec.mapper().rebuild().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    /** The mapper rows are written with, for columns that hold JSON text. */
    JsonMapper mapper() {
        return rows;
    }

    /** Rows written as JSONEachRow, by their field names. */
    <R> Format<R> json() {
        return new Format<>(ClickHouseFormat.JSONEachRow, List.of(), (row, out) -> {
            rows.writeValue(out, row);
            out.write('\n');
        });
    }

    /**
     * Inserts the rows of a batch that are not stored yet. A batch delivered again (after a crash between the insert
     * and the offset commit, or a rebalance) finds its rows by Kafka partition and offset and skips them — also when
     * the earlier insert was cut off part way, as an insert spanning several days may be (ClickHouse is atomic per
     * table partition only). Plain MergeTree does not deduplicate inserts on its own, on 18.16 or later.
     *
     * @return the rows of the batch that were stored already, and were not inserted again
     */
    <R extends OffsetRow> List<R> insertOnce(String table, List<R> batch, Format<R> format) throws Exception {
        if (batch.isEmpty()) {
            return List.of();
        }
        Set<Long> stored = storedOffsets(table, batch);
        if (stored.isEmpty()) {
            insert(table, batch, format);
            return List.of();
        }
        Map<Boolean, List<R>> split = batch.stream()
                .collect(Collectors.partitioningBy(row -> stored.contains(key(row.kafkaPartition(), row.kafkaOffset()))));
        insert(table, split.get(false), format);
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

    private <R> void insert(String table, List<R> batch, Format<R> format) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        Body body = body(format, batch);
        (format.columns().isEmpty()
                ? client.insert(properties.table(table), body.asInputStream(), format.format())
                : client.insert(properties.table(table), format.columns(), body.asInputStream(), format.format()))
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .close();
    }

    /** The body of one insert of {@code batch}. */
    static <R> Body body(Format<R> format, List<R> batch) throws IOException {
        Body body = new Body(batch.size() * 512);
        for (R row : batch) {
            format.writer().write(row, body);
        }
        return body;
    }

    /**
     * The request body, handed to the client as it is, without the copy {@code toByteArray()} makes; unlike
     * {@code ByteArrayOutputStream} its writes take no lock (RowBinary writes most values a byte at a time).
     */
    static final class Body extends OutputStream {

        private byte[] buf;
        private int count;

        Body(int size) {
            buf = new byte[Math.max(size, 64)];
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (count + length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + length));
            }
            System.arraycopy(bytes, offset, buf, count, length);
            count += length;
        }

        int size() {
            return count;
        }

        InputStream asInputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
