package dev.pulse.aggregation.sink;

import dev.pulse.aggregation.rollup.Measures;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import dev.pulse.support.tracing.KafkaTracing;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Inserts each batch of {@link Topics#ENRICHED} into the ClickHouse {@code events} table as one RowBinary insert;
 * materialized views feed the minute rollups from it. The listener returns, and the container commits the batch's
 * offsets, only after ClickHouse acknowledged; a failed insert is retried by the container's error handler, so
 * nothing is committed that was not stored. A batch delivered again after a crash between insert and commit
 * inserts only the rows that are missing (by Kafka partition and offset), and rebuilds the rollups of the minutes
 * its already-stored rows fall in, so replays add nothing twice to either.
 *
 * <p>A record that cannot be read is stored in {@code dead_letter} as {@code unreadable} instead of stopping the
 * partition.
 *
 * <p>Batches are cut by the consumer's fetch settings (rows, bytes and a wait, see {@code application.yaml}): under
 * load each poll brings up to the row limit, when quiet it waits up to the interval to gather more.
 */
@Component
class ClickHouseSink {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);

    private final RowInserter inserter;
    private final Rollups rollups;
    private final EventCodec codec;
    private final Measures measures;
    private final SinkMetrics metrics;
    private final KafkaTracing tracing;

    ClickHouseSink(RowInserter inserter, Rollups rollups, EventCodec codec, Measures measures,
            SinkMetrics metrics, KafkaTracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.inserter = inserter;
        this.rollups = rollups;
        this.codec = codec;
        this.measures = measures;
    }

    @KafkaListener(id = "clickhouse-sink", groupId = "pulse-clickhouse-sink", topics = Topics.ENRICHED,
            concurrency = "${pulse.sink.consumers:2}",
            properties = {
                "max.poll.records=${pulse.sink.batch-rows:20000}",
                "fetch.min.bytes=${pulse.sink.batch-bytes:16777216}",
                "fetch.max.wait.ms=${pulse.sink.batch-interval-ms:1000}",
                "max.partition.fetch.bytes=${pulse.sink.batch-bytes:16777216}",
                "fetch.max.bytes=${pulse.sink.batch-bytes:16777216}"})
    void onBatch(List<ConsumerRecord<String, ByteBuffer>> records) throws Exception {
        tracing.inBatch("clickhouse-sink", records, trace -> store(records));
    }

    private void store(List<ConsumerRecord<String, ByteBuffer>> records) throws Exception {
        // each row is encoded as it is read, so the batch holds its insert body, not its decoded events
        EncodedRows<EventRow> rows = new EncodedRows<>(EventRow.FORMAT, records.size());
        EncodedRows<DeadLetterRow> unreadable = new EncodedRows<>(inserter.json(), 0);
        long[] receivedAt = new long[records.size()];
        long[] minutes = new long[records.size()];
        for (ConsumerRecord<String, ByteBuffer> record : records) {
            try {
                EnrichedEvent event = codec.decodeEnriched(record.value());
                EventRow row = EventRow.of(event, record.partition(), record.offset(), codec, measures);
                receivedAt[rows.size()] = receivedAtMillis(event);
                minutes[rows.size()] = row.minuteSecond();
                rows.add(row);
            }
            catch (RuntimeException ex) {
                // unreadable, or readable but unusable (a record no enrichment wrote): kept, never a stalled partition
                log.warn("Record {}-{} of {} cannot be stored as an event; kept in dead_letter as unreadable ({})",
                        record.partition(), record.offset(), record.topic(), ex.toString());
                unreadable.add(DeadLetterRow.unreadableEnriched(EventCodec.bytes(record.value()), ex.getMessage(),
                        Instant.ofEpochMilli(record.timestamp()), record.partition(), record.offset()));
            }
        }
        long started = System.nanoTime();
        inserter.insertOnce("dead_letter", unreadable);
        BitSet storedBefore = inserter.insertOnce("events", rows);
        metrics.stored(receivedAt, rows.size(), System.nanoTime() - started);
        if (!storedBefore.isEmpty()) {
            Map<Integer, Set<String>> rebuilt = new TreeMap<>();
            storedBefore.stream().forEach(index -> rebuilt.computeIfAbsent(rows.partition(index), partition -> new TreeSet<>())
                    .add(ClickHouseTimes.dateTime(Instant.ofEpochSecond(minutes[index]))));
            rollups.rebuild(rebuilt);
        }
    }

    private static long receivedAtMillis(EnrichedEvent event) {
        return event.event() == null || event.event().receivedAt() == null ? 0 : event.event().receivedAt().toEpochMilli();
    }
}
