package dev.pulse.ingestion.capture;

import dev.pulse.model.FirstSeen;
import dev.pulse.model.Topics;
import dev.pulse.support.tracing.KafkaTracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes a request's accepted events to {@link Topics#RAW} and reports, per event, where Kafka stored it.
 * <p>
 * {@code KafkaProducer.send} is fast, but it blocks (up to {@code max.block.ms}) while the topic's metadata is
 * missing, as it is right after the broker went away, and it compresses on the calling thread. Sends therefore run
 * on a small pool of sender threads, never on the request threads, one task per request (so a request's events keep
 * their order): a Kafka outage delays only the sends, and requests time out into 503s on schedule.
 * <p>
 * The producer is used directly rather than through {@code KafkaTemplate}: the template's per-record observation
 * and future wrapping cost more than the send itself at this rate, and the capture metrics time each request's
 * acknowledgement already.
 */
@Component
class EventPublisher implements DisposableBean {

    private final Producer<String, byte[]> producer;
    private final Scheduler senders = Schedulers.newParallel("kafka-send",
            Math.max(2, Runtime.getRuntime().availableProcessors() / 2), true);

    private final KafkaTracing tracing;

    EventPublisher(ProducerFactory<String, byte[]> producers, KafkaTracing tracing) {
        this.producer = producers.createProducer();
        this.tracing = tracing;
    }

    /** A record to publish: the Kafka key and the encoded event. */
    record Outgoing(String key, byte[] value) {
    }

    /**
     * Sends {@code records} in order and waits up to {@code ackTimeout} for Kafka's acknowledgements, counted from
     * now, including any wait for a sender thread. Each element of the answer is the stored location of the record
     * at that index, or null when it was not acknowledged in time (or failed). Records not yet sent when the time is
     * up are never sent. The records carry the trace of the request that sent them.
     */
    Mono<List<FirstSeen>> publish(List<Outgoing> records, Duration ackTimeout) {
        return Mono.deferContextual(context -> {
            List<Header> trace = tracing.headers(context);
            List<CompletableFuture<FirstSeen>> acks = new ArrayList<>(records.size());
            records.forEach(record -> acks.add(new CompletableFuture<>()));
            AtomicBoolean abandoned = new AtomicBoolean();
            senders.schedule(() -> send(records, trace, acks, abandoned));
            return Mono.fromFuture(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)), true)
                    .timeout(ackTimeout)
                    .onErrorComplete()
                    .then(Mono.fromSupplier(() -> {
                        abandoned.set(true);
                        return acks.stream()
                                .map(ack -> ack.isDone() && !ack.isCompletedExceptionally() ? ack.join() : null)
                                .toList();
                    }));
        });
    }

    private void send(List<Outgoing> records, List<Header> trace, List<CompletableFuture<FirstSeen>> acks,
            AtomicBoolean abandoned) {
        for (int i = 0; i < records.size(); i++) {
            Outgoing record = records.get(i);
            CompletableFuture<FirstSeen> ack = acks.get(i);
            if (abandoned.get()) {
                ack.cancel(false);
                continue;
            }
            try {
                producer.send(new ProducerRecord<>(Topics.RAW, null, record.key(), record.value(), trace), (stored, failure) -> {
                    if (failure != null) {
                        ack.completeExceptionally(failure);
                    }
                    else {
                        ack.complete(new FirstSeen(stored.partition(), stored.offset()));
                    }
                });
            }
            catch (RuntimeException ex) {
                ack.completeExceptionally(ex);
            }
        }
    }

    @Override
    public void destroy() {
        senders.dispose();
        producer.close(Duration.ofSeconds(5));
    }
}
