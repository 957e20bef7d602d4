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
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
     * @return the indexes of the batch's rows that were stored already, and were not inserted again
     */
    BitSet insertOnce(String table, EncodedRows<?> batch) throws Exception {
        if (batch.isEmpty()) {
            return new BitSet();
        }
        Set<Long> stored = storedOffsets(table, batch);
        BitSet storedBefore = new BitSet(batch.size());
        if (!stored.isEmpty()) {
            for (int index = 0; index < batch.size(); index++) {
                if (stored.contains(batch.position(index))) {
                    storedBefore.set(index);
                }
            }
        }
        if (storedBefore.cardinality() < batch.size()) {
            insert(table, batch.format(), batch.body(storedBefore));
        }
        return storedBefore;
    }

    /** Which of the batch's (partition, offset) pairs the table already holds, as {@link EncodedRows#position} values. */
    private Set<Long> storedOffsets(String table, EncodedRows<?> batch) throws Exception {
        String where = batch.offsetRanges().entrySet().stream()
                .map(range -> "(kafka_partition = " + range.getKey() + " AND kafka_offset BETWEEN " + range.getValue()[0]
                        + " AND " + range.getValue()[1] + ")")
                .collect(Collectors.joining(" OR "));
        // days come from our own formatted times, partitions and offsets are numbers: nothing here is user text
        String sql = "SELECT kafka_partition, kafka_offset FROM " + properties.table(table) + " WHERE toDate(" + dayColumn(table)
                + ") IN (" + batch.days().stream().map(day -> "'" + day + "'").collect(Collectors.joining(",")) + ") AND ("
                + where + ") FORMAT TabSeparated";
        Set<Long> stored = new HashSet<>();
        try (QueryResponse response = client.query(sql, new QuerySettings().setFormat(ClickHouseFormat.TabSeparated))
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().map(line -> line.split("\t"))
                    .forEach(fields -> stored.add(EncodedRows.position(Integer.parseInt(fields[0]), Long.parseLong(fields[1]))));
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

    private void insert(String table, Format<?> format, Body body) throws Exception {
        (format.columns().isEmpty()
                ? client.insert(properties.table(table), body.asInputStream(), format.format())
                : client.insert(properties.table(table), format.columns(), body.asInputStream(), format.format()))
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .close();
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

        /** Forgets everything written after the first {@code size} bytes. */
        void truncate(int size) {
            count = size;
        }

        /** The buffer itself; its first {@link #size()} bytes are the body. */
        byte[] bytes() {
            return buf;
        }

        InputStream asInputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
