package dev.pulse.ingestion.capture;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventKeys;
import dev.pulse.model.FirstSeen;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes accepted events to {@link Topics#RAW}; completes with the stored location once Kafka acknowledged.
 * <p>
 * {@code KafkaProducer.send} is fast, but it blocks (up to {@code max.block.ms}) while the topic's metadata is
 * missing, as it is right after the broker went away. Sends therefore run on one dedicated thread, never on the
 * request threads: a Kafka outage then delays only the sends, the requests time out into 503s on schedule, and
 * sends of requests that already gave up are never made.
 */
@Component
class EventPublisher implements DisposableBean {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final Scheduler sender = Schedulers.newSingle("kafka-send", true);

    EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec) {
        this.kafka = kafka;
        this.codec = codec;
    }

    Mono<FirstSeen> publish(RawEvent event) {
        return Mono.fromFuture(() -> kafka.send(Topics.RAW, EventKeys.partitionKey(event), codec.encode(event)))
                .subscribeOn(sender)
                .map(result -> {
                    RecordMetadata stored = result.getRecordMetadata();
                    return new FirstSeen(stored.partition(), stored.offset());
                });
    }

    @Override
    public void destroy() {
        sender.dispose();
    }
}
