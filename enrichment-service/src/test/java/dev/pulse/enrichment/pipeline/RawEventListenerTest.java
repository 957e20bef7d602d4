package dev.pulse.enrichment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.DeadLetter;
import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import dev.pulse.stack.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service against a real Kafka broker and Redis: every raw record ends as exactly one enriched record, dead letter
 * or counted duplicate.
 */
@SpringBootTest(properties = "pulse.admin.key=test-admin-key")
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class RawEventListenerTest {

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private WebTestClient http;

    @Test
    void replayedDeadLettersAreEnrichedOnceHoweverOftenTheyAreReplayed() {
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "");
        String payload = """
                {"tenant":"%s","type":"track","event":"Played","userId":"u1","messageId":"fixed-1"}""".formatted(tenant);
        // written by an earlier version whose tracking plan wrongly refused the event
        DeadLetter deadLetter = new DeadLetter(DeadLetterReason.SCHEMA_VIOLATION, "too strict", tenant, "fixed-1",
                Topics.RAW, 0, 0, payload, java.time.Instant.now());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, tenant + ":u1", new EventCodec().encode(deadLetter)));
        }

        http.post().uri("/admin/v1/dead-letters/replay").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant)).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
        for (int replay = 0; replay < 2; replay++) {
            http.post().uri("/admin/v1/dead-letters/replay").header(HttpHeaders.AUTHORIZATION, "Bearer test-admin-key")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("tenant", tenant, "reasons", List.of("schema_violation"))).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.replayed").isEqualTo(1);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                meters.counter("pulse.enrichment.events", "tenant", tenant, "outcome", "duplicate", "reason", "none").count())
                .isEqualTo(1));
        assertThat(meters.counter("pulse.enrichment.events", "tenant", tenant, "outcome", "enriched", "reason", "none")
                .count()).isEqualTo(1);
    }

    @Test
    void tenThousandRecordsWithDuplicatesAndMalformedOnesHaveExactlyTheExpectedOutcomes() {
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10_000; i++) {
                // 2 % malformed (i % 50 == 0); 5 % copies of the event just before them (i % 20 == 7), as a client
                // retry that reached Kafka twice would leave them; never both, and never a copy of a malformed one
                int source = i % 20 == 7 ? i - 1 : i;
                String key = tenant + ":u" + source % 97;
                String json = i % 50 == 0
                        ? "{\"tenant\":\"" + tenant + "\",\"type\":"
                        : """
                          {"tenant":"%s","type":"track","event":"Played","userId":"u%d","messageId":"m-%d"}"""
                                .formatted(tenant, source % 97, source);
                producer.send(new ProducerRecord<>(Topics.RAW, key, json.getBytes(StandardCharsets.UTF_8)));
            }
        }

        List<ConsumerRecord<String, byte[]>> outcomes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = committedReader()) {
            consumer.subscribe(List.of(Topics.ENRICHED, Topics.DEAD_LETTER));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().startsWith(tenant + ":")) {
                        outcomes.add(record);
                    }
                });
                assertThat(outcomes).hasSizeGreaterThanOrEqualTo(9_500);
            });
            // nothing beyond the expected outcomes arrives later
            consumer.poll(Duration.ofSeconds(2)).forEach(record -> {
                if (record.key().startsWith(tenant + ":")) {
                    outcomes.add(record);
                }
            });
        }

        EventCodec codec = new EventCodec();
        List<String> enriched = outcomes.stream().filter(r -> r.topic().equals(Topics.ENRICHED))
                .map(r -> codec.decodeEnriched(r.value()).event().messageId()).toList();
        assertThat(enriched).hasSize(9_300).doesNotHaveDuplicates();
        assertThat(outcomes.stream().filter(r -> r.topic().equals(Topics.DEAD_LETTER))
                .map(r -> codec.decodeDeadLetter(r.value()).reason())).hasSize(200).containsOnly(DeadLetterReason.PARSE_ERROR);
        assertThat(meters.counter("pulse.enrichment.events", "tenant", tenant, "outcome", "duplicate", "reason", "none")
                .count()).isEqualTo(500);
        assertThat(meters.counter("pulse.enrichment.events", "tenant", tenant, "outcome", "enriched", "reason", "none")
                .count()).isEqualTo(9_300);
    }

    private static KafkaConsumer<String, byte[]> committedReader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outcome-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
