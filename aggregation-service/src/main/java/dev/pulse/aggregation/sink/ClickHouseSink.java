package dev.pulse.aggregation.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inserts each batch of {@link Topics#ENRICHED} into the ClickHouse {@code events} table as one JSONEachRow insert.
 * The listener returns, and the container commits the batch's offsets, only after ClickHouse acknowledged; a
 * failed insert is retried by the container's error handler, so nothing is committed that was not stored.
 */
@Component
class ClickHouseSink {

    private final Client client;
    private final ClickHouseProperties properties;
    private final EventCodec codec;
    private final JsonMapper rows;

    ClickHouseSink(Client client, ClickHouseProperties properties, EventCodec codec) {
        this.client = client;
        this.properties = properties;
        this.codec = codec;
        this.rows = codec.mapper().rebuild().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    @KafkaListener(id = "clickhouse-sink", groupId = "pulse-clickhouse-sink", topics = Topics.ENRICHED)
    void onBatch(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream(records.size() * 512);
        for (ConsumerRecord<String, byte[]> record : records) {
            EventRow row = EventRow.of(codec.decodeEnriched(record.value()), record.partition(), record.offset(), rows);
            body.write(rows.writeValueAsBytes(row));
            body.write('\n');
        }
        client.insert(properties.table("events"), new ByteArrayInputStream(body.toByteArray()), ClickHouseFormat.JSONEachRow)
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .close();
    }
}
