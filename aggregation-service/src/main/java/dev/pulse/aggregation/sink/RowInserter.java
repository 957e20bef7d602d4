package dev.pulse.aggregation.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.model.EventCodec;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
        void write(R row, Body out) throws IOException;
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
     * {@code ByteArrayOutputStream} its writes take no lock. It also writes RowBinary's values straight into its
     * buffer: clickhouse-java's {@code BinaryStreamUtils} writes through an {@code OutputStream} a byte at a time,
     * allocates an array for every 64-bit value and a UTF-8 copy of every string, which made encoding a row cost
     * about 1.5 KB of garbage (SinkEncodingBenchmark.encodeOnly).
     */
    static final class Body extends OutputStream {

        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        private byte[] buf;
        private int count;

        Body(int size) {
            buf = new byte[Math.max(size, 64)];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, count, length);
            count += length;
        }

        /** RowBinary {@code UInt8}, also a {@code Nullable}'s marker (0 for a value, 1 for null). */
        void uint8(int value) {
            write(value);
        }

        /** RowBinary {@code UInt32}, also a {@code DateTime} in epoch seconds: the low 32 bits, little-endian. */
        void uint32(long value) {
            ensure(Integer.BYTES);
            INT.set(buf, count, (int) value);
            count += Integer.BYTES;
        }

        /** RowBinary {@code UInt64} or {@code Int64}, little-endian. */
        void int64(long value) {
            ensure(Long.BYTES);
            LONG.set(buf, count, value);
            count += Long.BYTES;
        }

        /** RowBinary {@code Float64}: the IEEE 754 bits, little-endian. */
        void float64(double value) {
            int64(Double.doubleToRawLongBits(value));
        }

        /** RowBinary's LEB128 length of a string or an array. */
        void varInt(int value) {
            ensure(5);
            int rest = value;
            while ((rest & ~0x7F) != 0) {
                buf[count++] = (byte) ((rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            buf[count++] = (byte) rest;
        }

        /** RowBinary {@code String} of bytes that are already UTF-8 (or binary). */
        void string(byte[] bytes) {
            varInt(bytes.length);
            write(bytes, 0, bytes.length);
        }

        /**
         * RowBinary {@code String}: the UTF-8 length, then the UTF-8 bytes, encoded into the buffer. Text that is all
         * ASCII (nearly all of an event's) is copied a char at a time behind its length; other text is encoded by the
         * JDK, written over what the copy had begun.
         */
        void string(String text) {
            int start = count;
            int length = text.length();
            varInt(length);
            ensure(length);
            byte[] into = buf;
            int at = count;
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    count = start;
                    string(text.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                into[at++] = (byte) c;
            }
            count = at;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
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
