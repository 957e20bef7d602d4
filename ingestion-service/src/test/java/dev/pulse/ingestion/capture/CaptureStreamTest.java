package dev.pulse.ingestion.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.stack.TestEngines;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/stream} against real Kafka and Redis: one acknowledgement per frame, in order, after Kafka stored it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulse.tenants.acme.write-key=acme-write")
@ActiveProfiles("test")
class CaptureStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RawTopic rawTopic;

    @LocalServerPort
    private int port;

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
    void eachFrameGetsItsAcknowledgementInOrderAndAcceptedEventsAreInKafka() {
        String single = UUID.randomUUID().toString();
        String inBatch = UUID.randomUUID().toString();
        List<String> frames = List.of(
                "{\"type\":\"track\",\"event\":\"Played\",\"userId\":\"u-1\",\"messageId\":\"" + single + "\"}",
                "{\"batch\":[{\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"a-1\",\"messageId\":\"" + inBatch
                        + "\"},{\"type\":\"track\",\"userId\":\"u-2\"}]}",
                "{\"type\":\"track\",\"event\":");

        List<Map<String, Object>> acks = exchange("ws://127.0.0.1:" + port + "/v1/stream?writeKey=acme-write", frames);

        assertThat(acks).extracting(ack -> ((Number) ack.get("frame")).intValue()).containsExactly(0, 1, 2);
        assertThat(acks).extracting(ack -> ack.get("status")).containsExactly(200, 200, 400);
        assertThat(messageIds(acks.get(0), "accepted")).containsExactly(single);
        assertThat(messageIds(acks.get(1), "accepted")).containsExactly(inBatch);
        assertThat(acks.get(1).get("rejected")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().extracting("index", "code").containsExactly(1, "invalid_event");
        assertThat(acks.get(2).get("code")).isEqualTo("all_events_rejected");

        List<Map<String, Object>> retried = exchange("ws://127.0.0.1:" + port + "/v1/stream?writeKey=acme-write",
                List.of(frames.get(0)));
        assertThat(messageIds(retried.getFirst(), "duplicates")).containsExactly(single);
        assertThat(rawTopic.recordsWith(List.of(single, inBatch), Duration.ofSeconds(1))).hasSize(2);
    }

    @Test
    void anUnknownKeyIsRefusedAtTheHandshakeWithA401Problem() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /v1/stream?writeKey=nobody HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 401").containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"code\":\"unauthorized\"");
        }
    }

    private static List<Map<String, Object>> exchange(String url, List<String> frames) {
        Sinks.Many<Map<String, Object>> received = Sinks.many().replay().all();
        new ReactorNettyWebSocketClient().execute(URI.create(url), session -> session
                        .send(Flux.fromIterable(frames).map(session::textMessage))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(frames.size()))
                        .doOnNext(text -> received.tryEmitNext(JSON.readValue(text, Map.class)))
                        .then())
                .block(Duration.ofSeconds(30));
        return received.asFlux().take(frames.size()).collectList().block(Duration.ofSeconds(1));
    }

    @SuppressWarnings("unchecked")
    private static List<String> messageIds(Map<String, Object> ack, String field) {
        return ((List<Map<String, Object>>) ack.get(field)).stream().map(o -> (String) o.get("messageId")).toList();
    }
}
