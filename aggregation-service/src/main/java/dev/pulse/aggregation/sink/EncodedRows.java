package dev.pulse.aggregation.sink;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rows of one insert, encoded as they are added: the batch keeps the insert's body and, per row, where it lies
 * in Kafka and where its bytes end, never the row objects. A sink batch of 20,000 events so holds one body and a few
 * arrays instead of 20,000 rows of some forty fields each (which, kept until the insert, made the sink's batches the
 * largest thing on the heap). Rows found stored already are left out afterwards by copying the others' bytes, not
 * by encoding again.
 *
 * @param <R> the kind of row
 */
final class EncodedRows<R extends OffsetRow> {

    private final RowInserter.Format<R> format;
    private final RowInserter.Body body;
    private final Map<Integer, long[]> ranges = new TreeMap<>();
    private final Set<String> days = new TreeSet<>();
    private int size;
    private int[] ends;
    private long[] positions;
    private long lastDay = Long.MIN_VALUE;

    EncodedRows(RowInserter.Format<R> format, int expectedRows) {
        this.format = format;
        this.body = new RowInserter.Body(Math.max(expectedRows, 1) * 512);
        this.ends = new int[Math.max(expectedRows, 8)];
        this.positions = new long[ends.length];
    }

    /** Encodes {@code row} at the end of the body; a row whose encoding fails leaves nothing behind. */
    void add(R row) throws IOException {
        int start = body.size();
        try {
            format.writer().write(row, body);
        }
        catch (IOException | RuntimeException ex) {
            body.truncate(start);
            throw ex;
        }
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            positions = Arrays.copyOf(positions, size * 2);
        }
        ends[size] = body.size();
        positions[size] = position(row.kafkaPartition(), row.kafkaOffset());
        size++;
        long[] range = ranges.computeIfAbsent(row.kafkaPartition(), partition -> new long[] {Long.MAX_VALUE, -1});
        range[0] = Math.min(range[0], row.kafkaOffset());
        range[1] = Math.max(range[1], row.kafkaOffset());
        long day = row.epochDay();
        if (day != lastDay) {
            days.add(LocalDate.ofEpochDay(day).toString());
            lastDay = day;
        }
    }

    RowInserter.Format<R> format() {
        return format;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Forgets every row, keeping the buffers for the next insert's rows: only once ClickHouse acknowledged the insert
     * that read them, since the body is handed to the client as it is.
     */
    void clear() {
        body.truncate(0);
        size = 0;
        ranges.clear();
        days.clear();
        lastDay = Long.MIN_VALUE;
    }

    /** The size of the insert's body so far, in bytes. */
    int bytes() {
        return body.size();
    }

    /** Per Kafka partition, the lowest and highest offset among the rows. */
    Map<Integer, long[]> offsetRanges() {
        return Collections.unmodifiableMap(ranges);
    }

    /** The table partitions ({@code YYYY-MM-DD}) the rows land in. */
    Set<String> days() {
        return Collections.unmodifiableSet(days);
    }

    /** The Kafka partition and offset of the row at {@code index}, as {@link #position(int, long)} packs them. */
    long position(int index) {
        return positions[index];
    }

    /** The Kafka partition of the row at {@code index}. */
    int partition(int index) {
        return (int) (positions[index] >>> 48);
    }

    /** One number for a Kafka partition and offset (offsets stay below 2^48). */
    static long position(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    /** The insert's body: every row, or, when {@code leftOut} has any, every row but those. */
    RowInserter.Body body(BitSet leftOut) {
        if (leftOut.isEmpty()) {
            return body;
        }
        RowInserter.Body kept = new RowInserter.Body(body.size());
        for (int index = leftOut.nextClearBit(0); index < size; index = leftOut.nextClearBit(index + 1)) {
            int start = index == 0 ? 0 : ends[index - 1];
            kept.write(body.bytes(), start, ends[index] - start);
        }
        return kept;
    }
}
