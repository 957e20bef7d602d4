package dev.pulse.aggregation.sink;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores {@link Topics#DEAD_LETTER} in the ClickHouse {@code dead_letter} table, so bad events can be queried by
 * tenant, reason and time, and replayed by messageId. Offsets are committed only after ClickHouse acknowledged;
 * a redelivered batch inserts only what is missing.
 */
@Component
class DeadLetterSink {

    private final RowInserter inserter;
    private final EventCodec codec;

    DeadLetterSink(RowInserter inserter, EventCodec codec) {
        this.inserter = inserter;
        this.codec = codec;
    }

    @KafkaListener(id = "dead-letter-sink", groupId = "pulse-dead-letter-sink", topics = Topics.DEAD_LETTER)
    void onBatch(List<ConsumerRecord<String, ByteBuffer>> records) throws Exception {
        EncodedRows<DeadLetterRow> rows = new EncodedRows<>(inserter.json(), records.size());
        for (ConsumerRecord<String, ByteBuffer> record : records) {
            rows.add(row(record));
        }
        inserter.insertOnce("dead_letter", rows);
    }

    private static Instant written(ConsumerRecord<String, ByteBuffer> record) {
        return Instant.ofEpochMilli(record.timestamp());
    }

    private DeadLetterRow row(ConsumerRecord<String, ByteBuffer> record) {
        byte[] value = EventCodec.bytes(record.value());
        try {
            return DeadLetterRow.of(codec.decodeDeadLetter(value), written(record), record.partition(), record.offset());
        }
        catch (EventFormatException ex) {
            // the record's own time, not now: a redelivery must land on the same day to be recognised
            return DeadLetterRow.unreadable(value, ex.getMessage(), written(record), record.partition(), record.offset());
        }
    }
}
