package dev.pulse.ingestion.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.EventCodec;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code POST /v1/track} against a real Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pulse.tenants.acme.write-key=acme-write", "pulse.tenants.acme.read-key=acme-read"})
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class TrackCaptureTest {

    private static KafkaConsumer<String, byte[]> rawTopic;

    @Autowired
    private WebTestClient http;

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    static void readRawTopic() {
        rawTopic = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "track-capture-test-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = rawTopic.partitionsFor(Topics.RAW).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        rawTopic.assign(partitions);
        rawTopic.seekToEnd(partitions);
        partitions.forEach(rawTopic::position);
    }

    @AfterAll
    static void closeConsumer() {
        rawTopic.close();
    }

    @Test
    void acceptedEventIsInKafkaKeyedByTenantAndUserWithServerContext() {
        String messageId = UUID.randomUUID().toString();

        http.post().uri("/v1/track")
                .header(HttpHeaders.AUTHORIZATION, basic("acme-write"))
                .header(HttpHeaders.USER_AGENT, "pulse-test/1.0")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"event":"Signed Up","userId":"u-1","messageId":"%s","properties":{"plan":"pro"}}
                        """.formatted(messageId))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.success").isEqualTo(true).jsonPath("$.messageId").isEqualTo(messageId);

        var record = awaitRecord(messageId);
        RawEvent stored = new EventCodec().decodeRaw(record.value());
        assertThat(record.key()).isEqualTo("acme:u-1");
        assertThat(stored.tenant()).isEqualTo("acme");
        assertThat(stored.receivedAt()).isNotNull();
        assertThat(stored.context().userAgent()).isEqualTo("pulse-test/1.0");
        assertThat(stored.context().ip()).isNotBlank();
        assertThat(stored.properties()).containsEntry("plan", "pro");
    }

    @Test
    void eventWithoutMessageIdGetsAGeneratedOneAndBearerKeysWork() {
        String messageId = http.post().uri("/v1/track")
                .header(HttpHeaders.AUTHORIZATION, "Bearer acme-write")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"event\":\"Opened\",\"anonymousId\":\"a-9\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody(CaptureResponse.class).returnResult().getResponseBody().messageId();

        assertThat(messageId).hasSize(36);
        assertThat(awaitRecord(messageId).key()).isEqualTo("acme:a-9");
    }

    @Test
    void malformedJsonIsA400Problem() {
        http.post().uri("/v1/track")
                .header(HttpHeaders.AUTHORIZATION, basic("acme-write"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"event\":\"Signed Up\",")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("malformed_json").jsonPath("$.status").isEqualTo(400);
    }

    @Test
    void eventWithoutAUserIsA400ProblemNamingTheField() {
        http.post().uri("/v1/track")
                .header(HttpHeaders.AUTHORIZATION, basic("acme-write"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"event\":\"Signed Up\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("invalid_event").jsonPath("$.field").isEqualTo("userId");
    }

    @Test
    void missingOrUnknownWriteKeyIsA401Problem() {
        for (String authorization : new String[] {null, basic("nobody"), "Bearer ", "Digest abc"}) {
            var request = http.post().uri("/v1/track").contentType(MediaType.APPLICATION_JSON);
            if (authorization != null) {
                request = request.header(HttpHeaders.AUTHORIZATION, authorization);
            }
            request.bodyValue("{\"event\":\"Signed Up\",\"userId\":\"u-1\"}")
                    .exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
        }
    }

    @Test
    void wrongMediaTypeIsA415Problem() {
        http.post().uri("/v1/track")
                .header(HttpHeaders.AUTHORIZATION, basic("acme-write"))
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("event=Signed Up")
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> awaitRecord(String messageId) {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            rawTopic.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream()
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(messageId))
                    .findFirst().orElse(null);
        }, record -> record != null);
    }

    private static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }
}
