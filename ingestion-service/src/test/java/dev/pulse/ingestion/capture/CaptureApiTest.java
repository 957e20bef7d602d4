package dev.pulse.ingestion.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.EventCodec;
import dev.pulse.model.RawEvent;
import dev.pulse.stack.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/** The capture API against real Kafka and Redis: the contract, and a catalogue of bad input. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pulse.tenants.acme.write-key=acme-write", "pulse.tenants.acme.read-key=acme-read"})
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class CaptureApiTest {

    private static RawTopic rawTopic;

    @Autowired
    private WebTestClient http;

    @Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    static void readRawTopic() {
        rawTopic = RawTopic.fromNow();
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

        var record = rawTopic.awaitRecord(messageId);
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
                .expectBody(Map.class).returnResult().getResponseBody().get("messageId").toString();

        assertThat(messageId).hasSize(36);
        assertThat(rawTopic.awaitRecord(messageId).key()).isEqualTo("acme:a-9");
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
                .expectBody().jsonPath("$.code").isEqualTo("malformed_event").jsonPath("$.status").isEqualTo(400);
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


    @Test
    void everySegmentTypeHasItsEndpointAndItsRequiredFields() {
        post("/v1/page", "{\"name\":\"Home\",\"anonymousId\":\"a\"}").expectStatus().isOk();
        post("/v1/screen", "{\"name\":\"Feed\",\"userId\":\"u\"}").expectStatus().isOk();
        post("/v1/identify", "{\"userId\":\"u\",\"traits\":{\"plan\":\"pro\"}}").expectStatus().isOk();
        post("/v1/group", "{\"userId\":\"u\",\"groupId\":\"g-1\"}").expectStatus().isOk();
        post("/v1/alias", "{\"userId\":\"u\",\"previousId\":\"a\"}").expectStatus().isOk();

        post("/v1/group", "{\"userId\":\"u\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("groupId");
        post("/v1/alias", "{\"userId\":\"u\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("previousId");
        post("/v1/page", "{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("type");
    }

    @Test
    void writeKeyMayComeInTheBody() {
        http.post().uri("/v1/track").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"writeKey\":\"acme-write\",\"event\":\"Opened\",\"userId\":\"u\"}")
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void batchReportsEachEventAndARetryIsReportedAsDuplicatesWithoutPublishingAgain() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String batch = """
                {"sentAt":"2026-11-21T10:00:00Z","batch":[
                  {"type":"track","event":"Played","userId":"u1","messageId":"%1$s"},
                  {"type":"track","userId":"u1"},
                  {"type":"identify","userId":"u2","messageId":"%2$s"},
                  {"type":"track","event":"Played","userId":"u1","messageId":"%1$s"},
                  {"type":"teleport","userId":"u1"},
                  42
                ]}""".formatted(first, second);

        post("/v1/batch", batch).expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.accepted[*].index").isEqualTo(List.of(0, 2))
                .jsonPath("$.duplicates[0].index").isEqualTo(3)
                .jsonPath("$.rejected[*].index").isEqualTo(List.of(1, 4, 5))
                .jsonPath("$.rejected[0].field").isEqualTo("event")
                .jsonPath("$.rejected[1].code").isEqualTo("malformed_event");
        post("/v1/batch", batch).expectStatus().isOk().expectBody()
                .jsonPath("$.accepted").isEmpty()
                .jsonPath("$.duplicates[*].index").isEqualTo(List.of(0, 2, 3));

        assertThat(new EventCodec().decodeRaw(rawTopic.awaitRecord(first).value()).sentAt())
                .isEqualTo(java.time.Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(rawTopic.recordsWith(List.of(first, second), Duration.ofSeconds(2))).hasSize(2);
    }

    @Test
    void outcomesAreCountedPerTenantAndCode() {
        double before = events("accepted", "none") + events("rejected", "invalid_event");

        post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\"},{\"type\":\"group\",\"userId\":\"u\"}]}")
                .expectStatus().isOk();

        assertThat(events("accepted", "none") + events("rejected", "invalid_event")).isEqualTo(before + 2);
        assertThat(meters.find("pulse.ingestion.kafka.ack").timer()).isNotNull();
    }

    private double events(String outcome, String code) {
        var counter = meters.find("pulse.ingestion.events").tags("tenant", "acme", "outcome", outcome, "code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void batchWithNothingAcceptedIsA400ProblemListingEveryRejection() {
        post("/v1/batch", "{\"batch\":[{\"type\":\"track\"},{\"type\":\"page\"}]}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("all_events_rejected")
                .jsonPath("$.rejected.length()").isEqualTo(2);
    }

    @Test
    void ndjsonBatchesAreJudgedLineByLine() {
        String messageId = UUID.randomUUID().toString();
        http.post().uri("/v1/batch")
                .header(HttpHeaders.AUTHORIZATION, basic("acme-write"))
                .contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue("{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"messageId\":\"" + messageId + "\"}\n"
                        + "{\"type\":\"track\",\"event\":\n\n"
                        + "{\"type\":\"page\",\"anonymousId\":\"a\"}\r\n")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.accepted[*].index").isEqualTo(List.of(0, 2))
                .jsonPath("$.rejected[0].index").isEqualTo(1);
        rawTopic.awaitRecord(messageId);
    }

    @Test
    void gzipBodiesAreAcceptedAndBrokenOrExplodingOnesRefused() throws Exception {
        String messageId = UUID.randomUUID().toString();
        postRaw("/v1/track", gzip("{\"event\":\"Zipped\",\"userId\":\"u\",\"messageId\":\"" + messageId + "\"}"), "gzip")
                .expectStatus().isOk();
        rawTopic.awaitRecord(messageId);

        byte[] truncated = java.util.Arrays.copyOf(gzip("{\"event\":\"Zipped\",\"userId\":\"u\"}"), 12);
        postRaw("/v1/track", truncated, "gzip").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("malformed_gzip");

        byte[] bomb = gzip("{\"event\":\"x\",\"userId\":\"u\",\"properties\":{\"pad\":\"" + "0".repeat(20_000_000) + "\"}}");
        postRaw("/v1/track", bomb, "gzip").expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("request_too_large");

        postRaw("/v1/track", "{}".getBytes(StandardCharsets.UTF_8), "br").expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.code").isEqualTo("unsupported_encoding");
    }

    @Test
    void badInputCatalogueGetsClear4xxAndTheServiceKeepsServing() {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) ' ');
        postRaw("/v1/track", tenMegabytes, null).expectStatus().isEqualTo(413);

        post("/v1/track", "{\"event\":\"x\",\"userId\":\"u\",\"properties\":" + "{\"a\":".repeat(1000) + "1"
                + "}".repeat(1000) + "}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed_event");
        postRaw("/v1/track", new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, null)
                .expectStatus().isBadRequest();
        post("/v1/track", "{\"event\":\"x\",\"userId\":{\"nested\":true}}").expectStatus().isBadRequest();
        post("/v1/track", "{\"event\":\"x\",\"userId\":\"u\",\"timestamp\":\"yesterday\"}").expectStatus().isBadRequest();
        post("/v1/track", "{\"event\":\"x\",\"userId\":\"u\",\"messageId\":\"" + "m".repeat(101) + "\"}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("messageId");
        post("/v1/track", "{\"event\":null,\"userId\":null,\"anonymousId\":\"a\",\"properties\":null}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("event");
        post("/v1/track", "{\"event\":\"x\",\"userId\":\"u\",\"properties\":{\"pad\":\"" + "p".repeat(40_000) + "\"}}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("event_too_large");
        post("/v1/track", "").expectStatus().isBadRequest();
        post("/v1/batch", "{\"batch\":[]}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("empty_batch");
        post("/v1/batch", "[1,2,3]").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("malformed_json");
        post("/v1/batch", "{\"batch\":[" + "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"},".repeat(2500)
                + "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}]}")
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("too_many_events");
        post("/v1/batch", "{\"batch\":[" + "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"},".repeat(9999)
                + "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}]}")
                .expectStatus().isEqualTo(413);

        post("/v1/track", "{\"event\":\"Still Fine\",\"userId\":\"u\"}").expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec post(String path, String json) {
        return postRaw(path, json.getBytes(StandardCharsets.UTF_8), null);
    }

    private WebTestClient.ResponseSpec postRaw(String path, byte[] body, String contentEncoding) {
        var request = http.post().uri(path)
                .header(HttpHeaders.AUTHORIZATION, basic("acme-write"))
                .contentType(MediaType.APPLICATION_JSON);
        if (contentEncoding != null) {
            request = request.header(HttpHeaders.CONTENT_ENCODING, contentEncoding);
        }
        return request.bodyValue(body).exchange();
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }
}
