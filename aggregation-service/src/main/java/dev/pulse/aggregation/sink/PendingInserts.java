package dev.pulse.aggregation.sink;

import dev.pulse.aggregation.rollup.Measures;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * The ClickHouse sink's inserts in progress, one per consumer ({@link PendingInsert}): records are encoded as they
 * are polled and let go, so what waits on the heap for ClickHouse is one encoded body per consumer, not the records
 * it came from, and an insert can be as large as ClickHouse likes (up to 100k rows) without that many records alive
 * at once (BENCHMARKS.md, 2026-12-06).
 *
 * <p>Offsets are committed here, not by the container, and only after ClickHouse acknowledged the insert that holds
 * their rows. A failed insert throws to the container's error handler, which hands the same poll over again with
 * backoff; the pending rows stay, are not encoded twice, and the insert is tried again. Partitions leaving a consumer
 * get its pending rows stored first (or, when ClickHouse fails then, given up and read again by whoever owns them
 * next). An insert delivered again after a crash between insert and commit stores only the rows that are missing (by
 * Kafka partition and offset) and rebuilds the rollups of the minutes its already-stored rows fall in, so replays
 * add nothing twice to either.
 *
 * <p>A record that cannot be read is stored in {@code dead_letter} as {@code unreadable} instead of stopping the
 * partition.
 */
@Component
class PendingInserts {

    private static final Logger log = LoggerFactory.getLogger(PendingInserts.class);

    private final RowInserter inserter;
    private final Rollups rollups;
    private final EventCodec codec;
    private final Measures measures;
    private final SinkMetrics metrics;
    private final SinkProperties limits;
    private final Map<Consumer<?, ?>, PendingInsert> pending = new ConcurrentHashMap<>();

    PendingInserts(RowInserter inserter, Rollups rollups, EventCodec codec, Measures measures, SinkMetrics metrics,
            SinkProperties limits) {
        this.inserter = inserter;
        this.rollups = rollups;
        this.codec = codec;
        this.measures = measures;
        this.metrics = metrics;
        this.limits = limits;
    }

    /** Encodes a poll's records into the consumer's pending insert, and stores it when it is due. */
    void take(List<ConsumerRecord<String, ByteBuffer>> records, Consumer<?, ?> consumer) throws Exception {
        PendingInsert insert = pending.computeIfAbsent(consumer,
                owner -> new PendingInsert(EventRow.FORMAT, inserter.json(), limits.batchRows()));
        encode(records, insert);
        if (insert.due(limits, System.nanoTime())) {
            store(insert, consumer);
        }
    }

    /** Stores the consumer's pending insert when it is due: its partitions went quiet before it filled. */
    void idle(Consumer<?, ?> consumer) {
        PendingInsert insert = pending.get(consumer);
        if (insert != null && insert.due(limits, System.nanoTime())) {
            try {
                store(insert, consumer);
            }
            catch (Exception ex) {
                // the rows stay pending and nothing is committed: the next poll or idle report tries again
                log.warn("Inserting {} pending rows failed; they stay pending and are tried again ({})",
                        insert.events().size() + insert.unreadable().size(), ex.toString());
            }
        }
    }

    /** Encodes the records not taken before. */
    private void encode(List<ConsumerRecord<String, ByteBuffer>> records, PendingInsert insert) throws IOException {
        long now = System.nanoTime();
        TopicPartition partition = null;
        for (ConsumerRecord<String, ByteBuffer> record : records) {
            if (partition == null || partition.partition() != record.partition()
                    || !partition.topic().equals(record.topic())) {
                partition = new TopicPartition(record.topic(), record.partition());
            }
            if (insert.taken(partition, record.offset())) {
                continue;
            }
            try {
                EnrichedEvent event = codec.decodeEnriched(record.value());
                insert.addEvent(EventRow.of(event, record.partition(), record.offset(), codec, measures),
                        receivedAtMillis(event));
            }
            catch (RuntimeException ex) {
                // unreadable, or readable but unusable (a record no enrichment wrote): kept, never a stalled partition
                log.warn("Record {}-{} of {} cannot be stored as an event; kept in dead_letter as unreadable ({})",
                        record.partition(), record.offset(), record.topic(), ex.toString());
                insert.addUnreadable(DeadLetterRow.unreadableEnriched(EventCodec.bytes(record.value()), ex.getMessage(),
                        Instant.ofEpochMilli(record.timestamp()), record.partition(), record.offset()));
            }
            insert.took(partition, record.offset(), now);
        }
    }

    /** Inserts the pending rows once, then commits their offsets. */
    private void store(PendingInsert insert, Consumer<?, ?> consumer) throws Exception {
        EncodedRows<EventRow> rows = insert.events();
        long started = System.nanoTime();
        inserter.insertOnce("dead_letter", insert.unreadable());
        BitSet storedBefore = inserter.insertOnce("events", rows);
        metrics.stored(insert.receivedAt(), rows.size(), System.nanoTime() - started);
        if (!storedBefore.isEmpty()) {
            Map<Integer, Set<String>> rebuilt = new TreeMap<>();
            storedBefore.stream().forEach(index -> rebuilt.computeIfAbsent(rows.partition(index), partition -> new TreeSet<>())
                    .add(ClickHouseTimes.dateTime(Instant.ofEpochSecond(insert.minute(index)))));
            rollups.rebuild(rebuilt);
        }
        consumer.commitSync(insert.commits());
        insert.stored();
    }

    /**
     * Before partitions leave a consumer (a rebalance, or the consumer closing), its pending rows are stored and
     * committed, because the partitions' next owner reads from the committed offsets. When that fails they are given
     * up: the partitions it keeps are read again from their first pending offset, the others by their next owner.
     */
    ConsumerAwareRebalanceListener rebalanceListener() {
        return new ConsumerAwareRebalanceListener() {

            @Override
            public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                PendingInsert insert = pending.get(consumer);
                if (insert == null) {
                    return;
                }
                if (!insert.isEmpty()) {
                    try {
                        store(insert, consumer);
                    }
                    catch (Exception ex) {
                        log.warn("Inserting the pending rows before partitions {} leave failed; they are read again ({})",
                                partitions, ex.toString());
                        giveUp(insert, consumer, partitions);
                    }
                }
                forget(insert, consumer, partitions);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                PendingInsert insert = pending.get(consumer);
                if (insert != null) {
                    // another consumer may own them already: nothing of theirs may be inserted or committed from here
                    giveUp(insert, consumer, partitions);
                    forget(insert, consumer, partitions);
                }
            }
        };
    }

    /**
     * Forgets partitions that left a consumer, and the consumer itself when none is left (it is closing, or has
     * nothing to read): a container that restarts gets new consumers, and their old inserts' buffers must not stay.
     */
    private void forget(PendingInsert insert, Consumer<?, ?> consumer, Collection<TopicPartition> leaving) {
        insert.forget(leaving);
        if (leaving.containsAll(consumer.assignment())) {
            pending.remove(consumer);
        }
    }

    private static void giveUp(PendingInsert insert, Consumer<?, ?> consumer, Collection<TopicPartition> leaving) {
        insert.giveUp().forEach((partition, offset) -> {
            if (!leaving.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    private static long receivedAtMillis(EnrichedEvent event) {
        return event.event() == null || event.event().receivedAt() == null ? 0 : event.event().receivedAt().toEpochMilli();
    }
}
