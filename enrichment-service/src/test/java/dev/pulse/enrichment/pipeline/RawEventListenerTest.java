package dev.pulse.enrichment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.Topics;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service against a real Kafka broker: every raw record ends as exactly one enriched or dead-letter record. */
@SpringBootTest
@ActiveProfiles("test")
class RawEventListenerTest {

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void everyRawRecordHasExactlyOneCommittedOutcome() {
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 200; i++) {
                String json = i % 20 == 0
                        ? "{\"tenant\":\"" + tenant + "\",\"type\":"
                        : """
                          {"tenant":"%s","type":"track","event":"Played","userId":"u%d","messageId":"%s-%d"}"""
                                .formatted(tenant, i % 7, tenant, i);
                producer.send(new ProducerRecord<>(Topics.RAW, tenant + ":u" + (i % 7), json.getBytes(StandardCharsets.UTF_8)));
            }
        }

        List<ConsumerRecord<String, byte[]>> outcomes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = committedReader()) {
            consumer.subscribe(List.of(Topics.ENRICHED, Topics.DEAD_LETTER));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().startsWith(tenant + ":")) {
                        outcomes.add(record);
                    }
                });
                assertThat(outcomes).hasSizeGreaterThanOrEqualTo(200);
            });
            // nothing beyond the 200 outcomes arrives later
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                if (record.key().startsWith(tenant + ":")) {
                    outcomes.add(record);
                }
            });
        }

        assertThat(outcomes).hasSize(200);
        assertThat(outcomes.stream().filter(r -> r.topic().equals(Topics.ENRICHED))).hasSize(190);
        assertThat(outcomes.stream().filter(r -> r.topic().equals(Topics.DEAD_LETTER))).hasSize(10);
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
