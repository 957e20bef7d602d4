package dev.pulse.bench;

import dev.pulse.model.Topics;
import dev.pulse.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The middle of the end-to-end probe: a {@code read_committed} consumer of {@code events.enriched} that records, for
 * every enriched record as it becomes visible (enrichment's transaction committed), the time since ingestion
 * accepted its event. With the aggregation service's {@code counted} and {@code stored} histograms it splits the
 * end-to-end latency into enrichment's share and aggregation's. It reads only {@code receivedAt} from each record.
 */
final class EnrichedProbe implements AutoCloseable {

    private static final byte[] FIELD = "\"receivedAt\":\"".getBytes(StandardCharsets.US_ASCII);

    private final KafkaConsumer<String, byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;
    private Histogram latency = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);

    EnrichedProbe(LocalStack stack) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-enriched-probe",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.ENRICHED));
        poller = Thread.ofPlatform().name("enriched-probe").start(this::poll);
    }

    /** The latencies (ms) recorded since the last call, and a fresh histogram from now on. */
    synchronized Histogram drain() {
        Histogram taken = latency;
        latency = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
        return taken;
    }

    private void poll() {
        while (running.get()) {
            var records = consumer.poll(Duration.ofMillis(100));
            // seen now, when the poll returned them (not when it started waiting)
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> record : records) {
                long received = receivedAt(record.value());
                if (received > 0) {
                    synchronized (this) {
                        latency.recordValue(Math.min(Math.max(0, now - received), latency.getHighestTrackableValue()));
                    }
                }
            }
        }
        consumer.close();
    }

    /** The record's {@code receivedAt} in epoch millis, or 0 when it has none. */
    static long receivedAt(byte[] json) {
        outer:
        for (int i = 0; i + FIELD.length < json.length; i++) {
            for (int j = 0; j < FIELD.length; j++) {
                if (json[i + j] != FIELD[j]) {
                    continue outer;
                }
            }
            int start = i + FIELD.length;
            int end = start;
            while (end < json.length && json[end] != '"') {
                end++;
            }
            try {
                return Instant.parse(new String(json, start, end - start, StandardCharsets.US_ASCII)).toEpochMilli();
            }
            catch (DateTimeParseException ex) {
                return 0;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            poller.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
