package dev.pulse.ingestion.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.EventCodec;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.LocalStack;
import dev.pulse.stack.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker is killed under load and restarted: ingestion answers 503 with Retry-After meanwhile, never hangs, and
 * every event it acknowledged with a 2xx is in the topic afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pulse.tenants.outage.write-key=outage-write"})
@ActiveProfiles("test")
class KafkaOutageTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void whenKafkaIsDownEventsAreRejectedWith503AndEveryAcknowledgedEventIsStored() throws Exception {
        LocalStack stack = TestEngines.get();
        String tenantMarker = "outage-" + UUID.randomUUID();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger withoutRetryAfter = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        HttpClient client = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();

        ExecutorService load = Executors.newFixedThreadPool(2);
        for (int worker = 0; worker < 2; worker++) {
            load.submit(() -> {
                while (running.get()) {
                    List<String> ids = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID().toString()).toList();
                    String body = ids.stream()
                            .map(id -> "{\"type\":\"track\",\"event\":\"" + tenantMarker + "\",\"userId\":\"u\",\"messageId\":\"" + id + "\"}")
                            .collect(Collectors.joining(",", "{\"batch\":[", "]}"));
                    HttpResponse<String> response;
                    try {
                        response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
                            .timeout(CLIENT_TIMEOUT)
                            .header("Authorization", "Bearer outage-write")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    }
                    catch (java.io.IOException ex) {
                        unanswered.incrementAndGet();
                        continue;
                    }
                    switch (response.statusCode()) {
                        case 200 -> {
                            acknowledged.addAll(ids);
                            ok.incrementAndGet();
                        }
                        case 503 -> {
                            unavailable.incrementAndGet();
                            if (response.headers().firstValue("Retry-After").isEmpty()) {
                                withoutRetryAfter.incrementAndGet();
                            }
                        }
                        default -> other.incrementAndGet();
                    }
                }
                return null;
            });
        }
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() >= 20);
            stack.stop("kafka", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> unavailable.get() >= 5);
            int acceptedDuringOutage = ok.get();
            stack.start("kafka");
            await().atMost(Duration.ofSeconds(90)).until(() -> ok.get() >= acceptedDuringOutage + 20);
        }
        finally {
            running.set(false);
            load.shutdown();
            load.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            if (stack.status().stream().noneMatch(s -> s.name().equals("kafka") && s.answers())) {
                stack.start("kafka");
            }
        }
        assertThat(unanswered.get()).as("requests without an answer within " + CLIENT_TIMEOUT).isZero();
        assertThat(other.get()).as("answers other than 200 and 503").isZero();
        assertThat(withoutRetryAfter.get()).as("503s without Retry-After").isZero();
        assertThat(storedMessageIds(tenantMarker, acknowledged)).containsAll(acknowledged);
    }

    private static Set<String> storedMessageIds(String eventName, Set<String> expected) {
        EventCodec codec = new EventCodec();
        Set<String> stored = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RAW));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    RawEvent event = codec.decodeRaw(record.value());
                    if (eventName.equals(event.event())) {
                        stored.add(event.messageId());
                    }
                });
                return stored.containsAll(expected);
            });
        }
        return stored;
    }
}
