package dev.pulse.ingestion.capture;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventKeys;
import dev.pulse.model.FirstSeen;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes accepted events to {@link Topics#RAW}; completes with the stored location once Kafka acknowledged. */
@Component
class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec) {
        this.kafka = kafka;
        this.codec = codec;
    }

    Mono<FirstSeen> publish(RawEvent event) {
        return Mono.fromFuture(() -> kafka.send(Topics.RAW, EventKeys.partitionKey(event), codec.encode(event)))
                .map(result -> {
                    RecordMetadata stored = result.getRecordMetadata();
                    return new FirstSeen(stored.partition(), stored.offset());
                });
    }
}
