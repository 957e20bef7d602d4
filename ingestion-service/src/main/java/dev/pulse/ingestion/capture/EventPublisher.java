package dev.pulse.ingestion.capture;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventKeys;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes accepted events to {@link Topics#RAW}; completes only when Kafka acknowledged (acks=all). */
@Component
class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final CaptureProperties properties;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec, CaptureProperties properties) {
        this.kafka = kafka;
        this.codec = codec;
        this.properties = properties;
    }

    Mono<SendResult<String, byte[]>> publish(RawEvent event) {
        return Mono.fromFuture(() -> kafka.send(Topics.RAW, EventKeys.partitionKey(event), codec.encode(event)))
                .timeout(properties.ackTimeout())
                .onErrorMap(ex -> new KafkaUnavailableException(properties.retryAfter(), ex));
    }
}
