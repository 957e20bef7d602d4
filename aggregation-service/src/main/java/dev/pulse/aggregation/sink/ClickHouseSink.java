package dev.pulse.aggregation.sink;

import dev.pulse.model.Topics;
import dev.pulse.support.tracing.KafkaTracing;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * Inserts {@link Topics#ENRICHED} into the ClickHouse {@code events} table in big RowBinary inserts; materialized
 * views feed the minute rollups from it. Each poll's records are encoded into the consumer's pending insert and let
 * go; the insert is made, and its offsets committed, when it is due ({@link PendingInserts}). A quiet topic's last
 * rows are inserted when the container reports the consumer idle.
 */
@Component
class ClickHouseSink {

    /** The listener's id; its consumers' idle events carry it with a suffix per consumer. */
    static final String ID = "clickhouse-sink";

    private final PendingInserts inserts;
    private final KafkaTracing tracing;

    ClickHouseSink(PendingInserts inserts, KafkaTracing tracing) {
        this.inserts = inserts;
        this.tracing = tracing;
    }

    @KafkaListener(id = ID, groupId = "pulse-clickhouse-sink", topics = Topics.ENRICHED,
            containerFactory = SinkConfiguration.CONTAINER_FACTORY,
            concurrency = "${pulse.sink.consumers:2}",
            properties = {
                "max.poll.records=${pulse.sink.poll-records:2000}",
                "fetch.min.bytes=${pulse.sink.batch-bytes:8388608}",
                "fetch.max.wait.ms=${pulse.sink.batch-interval-ms:1000}",
                "max.partition.fetch.bytes=${pulse.sink.batch-bytes:8388608}",
                "fetch.max.bytes=${pulse.sink.batch-bytes:8388608}"})
    void onBatch(List<ConsumerRecord<String, ByteBuffer>> records, Consumer<?, ?> consumer) throws Exception {
        tracing.inBatch(ID, records, trace -> inserts.take(records, consumer));
    }

    @EventListener(condition = "event.listenerId.startsWith('" + ID + "-')")
    void onIdle(ListenerContainerIdleEvent event) {
        inserts.idle(event.getConsumer());
    }
}
