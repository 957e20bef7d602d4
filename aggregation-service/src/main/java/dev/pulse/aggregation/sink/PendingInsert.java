package dev.pulse.aggregation.sink;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One sink consumer's rows that wait for their insert, already encoded, gathered over as many polls as it takes to
 * reach the insert's size or age ({@link SinkProperties}), and where its partitions stand in Kafka:
 * <ul>
 * <li>per partition, the offset after the last record taken, pending or stored, so a record the container hands
 * over again (its error handler retries a poll whose insert failed) is not encoded twice ({@link #taken});</li>
 * <li>the first offset pending per partition, where to read again when the pending rows are given up;</li>
 * <li>the offsets to commit once the pending rows are stored.</li>
 * </ul>
 * Used by one consumer thread only.
 */
final class PendingInsert {

    private final RowInserter.Format<EventRow> eventFormat;
    private final RowInserter.Format<DeadLetterRow> deadLetterFormat;
    private final int expectedRows;
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> firstPending = new HashMap<>();
    private EncodedRows<EventRow> events;
    private EncodedRows<DeadLetterRow> unreadable;
    private long[] receivedAt;
    private long[] minutes;
    private long startedNanos;

    PendingInsert(RowInserter.Format<EventRow> eventFormat, RowInserter.Format<DeadLetterRow> deadLetterFormat,
            int expectedRows) {
        this.eventFormat = eventFormat;
        this.deadLetterFormat = deadLetterFormat;
        this.expectedRows = expectedRows;
        startAfresh();
    }

    /** Whether the record at {@code offset} of {@code partition} was taken already (pending or stored). */
    boolean taken(TopicPartition partition, long offset) {
        Long after = next.get(partition);
        return after != null && offset < after;
    }

    /**
     * Notes that the record at {@code offset} of {@code partition} is taken, as an event row or an unreadable one;
     * the first taken since the last insert starts the insert's clock.
     */
    void took(TopicPartition partition, long offset, long nowNanos) {
        if (isEmpty()) {
            startedNanos = nowNanos;
        }
        firstPending.putIfAbsent(partition, offset);
        next.put(partition, offset + 1);
    }

    void addEvent(EventRow row, long receivedAtMillis) throws IOException {
        int index = events.size();
        events.add(row);
        if (index == receivedAt.length) {
            receivedAt = Arrays.copyOf(receivedAt, index * 2);
            minutes = Arrays.copyOf(minutes, index * 2);
        }
        receivedAt[index] = receivedAtMillis;
        minutes[index] = row.minuteSecond();
    }

    void addUnreadable(DeadLetterRow row) throws IOException {
        unreadable.add(row);
    }

    boolean isEmpty() {
        return firstPending.isEmpty();
    }

    /** Whether the pending rows make an insert: enough rows or bytes, or the first of them waited long enough. */
    boolean due(SinkProperties limits, long nowNanos) {
        return !isEmpty() && (events.size() + unreadable.size() >= limits.batchRows()
                || events.bytes() + unreadable.bytes() >= limits.batchBytes()
                || nowNanos - startedNanos >= limits.batchIntervalMs() * 1_000_000);
    }

    EncodedRows<EventRow> events() {
        return events;
    }

    EncodedRows<DeadLetterRow> unreadable() {
        return unreadable;
    }

    /** When each pending event was received by ingestion (epoch millis, 0 when unknown), by row index. */
    long[] receivedAt() {
        return receivedAt;
    }

    /** The minute (epoch seconds) each pending event is counted in, by row index. */
    long minute(int index) {
        return minutes[index];
    }

    /** The offsets to commit for every partition taken from, once the pending rows are stored. */
    Map<TopicPartition, OffsetAndMetadata> commits() {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        firstPending.keySet().forEach(partition -> commits.put(partition, new OffsetAndMetadata(next.get(partition))));
        return commits;
    }

    /**
     * Starts the next insert, the pending rows stored: their buffers are kept for it (allocating a body of
     * {@code batch-rows} rows afresh after every insert was 5 % of the service's sampled allocation in a JFR profile).
     */
    void stored() {
        events.clear();
        unreadable.clear();
        firstPending.clear();
    }

    /**
     * Gives up the pending rows without storing them: each partition is to be read again from its first pending
     * offset, which is returned per partition. Buffers are not kept: a failed insert may still be reading its body.
     */
    Map<TopicPartition, Long> giveUp() {
        Map<TopicPartition, Long> rewind = new HashMap<>(firstPending);
        next.putAll(firstPending);
        startAfresh();
        return rewind;
    }

    /** Forgets partitions this consumer no longer owns; the pending rows must have been stored or given up. */
    void forget(Iterable<TopicPartition> partitions) {
        partitions.forEach(next::remove);
    }

    /** No rows pending, in new buffers: a given-up insert's body may still be read by its timed-out request. */
    private void startAfresh() {
        events = new EncodedRows<>(eventFormat, expectedRows);
        unreadable = new EncodedRows<>(deadLetterFormat, 0);
        receivedAt = new long[Math.max(expectedRows, 8)];
        minutes = new long[receivedAt.length];
        firstPending.clear();
    }
}
