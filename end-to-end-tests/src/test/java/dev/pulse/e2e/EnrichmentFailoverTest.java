package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Enrichment's exactly-one-outcome promise while instances crash and leave: the enrichment jar in its own JVMs on
 * the real engines, raw events streaming in (5 % duplicates, 2 % malformed), and every committed outcome counted.
 */
class EnrichmentFailoverTest {

    private static final int EVENTS = 20_000;
    private static final String SERVICE = "enrichment-service";
    /** A killed member's partitions move after the session timeout: shorter than the 45 s default, to keep CI fast. */
    private static final Map<String, String> PROPERTIES = Map.of(
            "spring.kafka.consumer.properties.session.timeout.ms", "10000",
            "spring.kafka.consumer.properties.heartbeat.interval.ms", "2000");

    private final PulseServices services = new PulseServices(TestEngines.get(), Path.of("target", "services"));
    private final String tenant = "t" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void stopServices() {
        services.stop();
    }

    @Test
    void anInstanceKilledMidBatchAndRestartedLeavesExactlyOneOutcomePerEvent() {
        services.startInstance("enrichment-a", SERVICE, List.of("-Xmx256m"), PROPERTIES);
        try (Outcomes outcomes = new Outcomes(tenant)) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(this::sendRawEvents);
            outcomes.awaitAtLeast(EVENTS / 5);

            services.kill("enrichment-a");
            services.startInstance("enrichment-a", SERVICE, List.of("-Xmx256m"), PROPERTIES);
            sending.join();

            outcomes.assertExactlyOneOutcomePerEvent();
        }
    }

    @Test
    void twoInstancesSharingThePartitionsOneStoppedMidwayLeaveExactlyOneOutcomePerEvent() {
        services.startInstance("enrichment-a", SERVICE, List.of("-Xmx256m"), PROPERTIES);
        services.startInstance("enrichment-b", SERVICE, List.of("-Xmx256m"), PROPERTIES);
        try (Outcomes outcomes = new Outcomes(tenant)) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(this::sendRawEvents);
            outcomes.awaitAtLeast(EVENTS / 5);

            services.stop("enrichment-b");
            sending.join();

            outcomes.assertExactlyOneOutcomePerEvent();
        }
    }

    /**
     * Streams the raw events over a few seconds, so the instances are busy when one goes: 2 % malformed
     * ({@code i % 50 == 0}), 5 % copies of the event before them ({@code i % 20 == 7}).
     */
    private void sendRawEvents() {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                int source = i % 20 == 7 ? i - 1 : i;
                String json = i % 50 == 0
                        ? "{\"tenant\":\"" + tenant + "\",\"type\":"
                        : """
                          {"tenant":"%s","type":"track","event":"Played","userId":"u%d","messageId":"m-%d"}"""
                                .formatted(tenant, source % 97, source);
                producer.send(new ProducerRecord<>(Topics.RAW, tenant + ":u" + source % 97,
                        json.getBytes(StandardCharsets.UTF_8)));
                if (i % 1000 == 999) {
                    producer.flush();
                    pace();
                }
            }
        }
    }

    /** A short pause between slices of the stream, so it lasts a few seconds. */
    private static void pace() {
        try {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(150); // pacing the load, not waiting for a result
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The committed outcomes of one tenant's events on the enriched and dead-letter topics. */
    private static final class Outcomes implements AutoCloseable {

        private static final EventCodec CODEC = new EventCodec();

        private final String tenant;
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();

        Outcomes(String tenant) {
            this.tenant = tenant;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "outcomes-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.ENRICHED, Topics.DEAD_LETTER));
        }

        void awaitAtLeast(int outcomes) {
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                poll();
                return read.size() >= outcomes;
            });
        }

        void assertExactlyOneOutcomePerEvent() {
            int malformed = EVENTS / 50;
            int copies = EVENTS / 20;
            awaitAtLeast(EVENTS - copies);
            // nothing beyond the expected outcomes arrives later
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                poll();
            }
            List<String> enriched = read.stream().filter(r -> r.topic().equals(Topics.ENRICHED))
                    .map(r -> CODEC.decodeEnriched(r.value()).event().messageId()).toList();
            assertThat(enriched).doesNotHaveDuplicates().hasSize(EVENTS - copies - malformed);
            assertThat(read.stream().filter(r -> r.topic().equals(Topics.DEAD_LETTER))
                    .map(r -> CODEC.decodeDeadLetter(r.value()).reason()))
                    .hasSize(malformed).containsOnly(DeadLetterReason.PARSE_ERROR);
        }

        private void poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (record.key() != null && record.key().startsWith(tenant + ":")) {
                    read.add(record);
                }
            });
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
