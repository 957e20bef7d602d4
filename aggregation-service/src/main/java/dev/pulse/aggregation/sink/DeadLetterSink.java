package dev.pulse.aggregation.sink;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores {@link Topics#DEAD_LETTER} in the ClickHouse {@code dead_letter} table, so bad events can be queried by
 * tenant, reason and time, and replayed by messageId. Offsets are committed only after ClickHouse acknowledged.
 */
@Component
class DeadLetterSink {

    private final JsonEachRowInserter inserter;
    private final EventCodec codec;

    DeadLetterSink(JsonEachRowInserter inserter, EventCodec codec) {
        this.inserter = inserter;
        this.codec = codec;
    }

    @KafkaListener(id = "dead-letter-sink", groupId = "pulse-dead-letter-sink", topics = Topics.DEAD_LETTER)
    void onBatch(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        inserter.insert("dead_letter", records.stream().map(this::row).toList());
    }

    private DeadLetterRow row(ConsumerRecord<String, byte[]> record) {
        try {
            return DeadLetterRow.of(codec.decodeDeadLetter(record.value()), record.partition(), record.offset());
        }
        catch (EventFormatException ex) {
            return DeadLetterRow.unreadable(record.value(), ex.getMessage(), record.partition(), record.offset());
        }
    }
}
