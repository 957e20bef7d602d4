package dev.pulse.enrichment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.Topics;
import dev.pulse.stack.containers.ContainerEngines;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The outcomes of {@link RawEventListenerTest} on Kafka and Redis from Testcontainers where Docker exists (skipped
 * where it does not): an event and its copy become one enriched record and one counted duplicate, a malformed record
 * a dead letter.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
@Import(ContainerEngines.class)
@ActiveProfiles("test")
class EnrichmentOnContainersTest {

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private KafkaProperties kafka;

    @Test
    void everyRawRecordHasExactlyOneOutcome() {
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "");
        String event = """
                {"tenant":"%s","type":"track","event":"Played","userId":"u1","messageId":"m-1"}""".formatted(tenant);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers())),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String json : new String[] {event, event, "{\"tenant\":\"" + tenant + "\",\"type\":"}) {
                producer.send(new ProducerRecord<>(Topics.RAW, tenant + ":u1", json.getBytes(StandardCharsets.UTF_8)));
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(outcome(tenant, "enriched", "none")).isEqualTo(1);
            assertThat(outcome(tenant, "duplicate", "none")).isEqualTo(1);
            // an unreadable record names no tenant it could be counted under
            assertThat(outcome("unknown", "dead_letter", "parse_error")).isEqualTo(1);
        });
    }

    private double outcome(String tenant, String outcome, String reason) {
        return meters.counter("pulse.enrichment.events", "tenant", tenant, "outcome", outcome, "reason", reason).count();
    }
}
