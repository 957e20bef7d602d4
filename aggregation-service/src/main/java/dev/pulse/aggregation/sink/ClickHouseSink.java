package dev.pulse.aggregation.sink;

import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Inserts each batch of {@link Topics#ENRICHED} into the ClickHouse {@code events} table as one JSONEachRow insert.
 * The listener returns, and the container commits the batch's offsets, only after ClickHouse acknowledged; a
 * failed insert is retried by the container's error handler, so nothing is committed that was not stored. A batch
 * delivered again after a crash between insert and commit inserts only the rows that are missing (by Kafka partition
 * and offset), so replays add nothing twice.
 */
@Component
class ClickHouseSink {

    private final JsonEachRowInserter inserter;
    private final EventCodec codec;

    ClickHouseSink(JsonEachRowInserter inserter, EventCodec codec) {
        this.inserter = inserter;
        this.codec = codec;
    }

    @KafkaListener(id = "clickhouse-sink", groupId = "pulse-clickhouse-sink", topics = Topics.ENRICHED)
    void onBatch(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        inserter.insertOnce("events", records.stream()
                .map(record -> EventRow.of(codec.decodeEnriched(record.value()), record.partition(), record.offset(),
                        inserter.mapper()))
                .toList());
    }
}
