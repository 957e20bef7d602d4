package dev.pulse.ingestion.capture;

import dev.pulse.model.FirstSeen;
import dev.pulse.model.Topics;
import dev.pulse.support.tracing.KafkaTracing;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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
    private final Scheduler timers = Schedulers.parallel();

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
        if (records.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.deferContextual(context -> {
            List<Header> trace = tracing.headers(context);
            Delivery delivery = new Delivery(records.size());
            // one timer per request rather than Reactor's timeout operator, which subscribes a delay and a chain of
            // its own per request
            delivery.expiry = timers.schedule(delivery::finish, ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
            senders.schedule(() -> send(records, trace, delivery));
            return delivery.outcome.asMono();
        });
    }

    private void send(List<Outgoing> records, List<Header> trace, Delivery delivery) {
        for (int i = 0; i < records.size() && !delivery.abandoned; i++) {
            Outgoing record = records.get(i);
            int index = i;
            try {
                producer.send(new ProducerRecord<>(Topics.RAW, null, record.key(), record.value(), trace),
                        (stored, failure) -> delivery.settle(index,
                                failure == null ? new FirstSeen(stored.partition(), stored.offset()) : null));
            }
            catch (RuntimeException ex) {
                delivery.settle(index, null);
            }
        }
    }

    /**
     * The acknowledgements of one request's records: one slot per record and one countdown. The outcome is given once,
     * when every record was acknowledged or failed, or when the time is up, whichever comes first (a future per record,
     * joined, cost more than the send at this rate).
     */
    private static final class Delivery {

        private final AtomicReferenceArray<FirstSeen> stored;
        private final AtomicInteger unsettled;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final Sinks.One<List<FirstSeen>> outcome = Sinks.one();
        private volatile boolean abandoned;
        private volatile Disposable expiry;

        Delivery(int records) {
            this.stored = new AtomicReferenceArray<>(records);
            this.unsettled = new AtomicInteger(records);
        }

        /** Record {@code index} was acknowledged at {@code location}, or failed (null). */
        void settle(int index, FirstSeen location) {
            if (location != null) {
                stored.set(index, location);
            }
            if (unsettled.decrementAndGet() == 0) {
                finish();
            }
        }

        /**
         * Gives what was acknowledged so far, by index (null where not), once; records not sent yet are not sent any
         * more.
         */
        void finish() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            abandoned = true;
            Disposable timer = expiry;
            if (timer != null) {
                timer.dispose();
            }
            FirstSeen[] locations = new FirstSeen[stored.length()];
            for (int i = 0; i < locations.length; i++) {
                locations[i] = stored.get(i);
            }
            outcome.tryEmitValue(Arrays.asList(locations));
        }
    }

    @Override
    public void destroy() {
        senders.dispose();
        producer.close(Duration.ofSeconds(5));
    }
}
