package dev.pulse.ingestion.capture;

import dev.pulse.stack.containers.ContainerEngines;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The capture contract of {@link CaptureApiTest} on Kafka and Redis from Testcontainers where Docker exists
 * (skipped where it does not): accepted only after Kafka acknowledged, and a resent messageId reported as a duplicate
 * through the first-seen store in Redis.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(ContainerEngines.class)
@ActiveProfiles("test")
class CaptureOnContainersTest {

    private static final String WRITE_KEY = "write-" + UUID.randomUUID();

    @Autowired
    private WebTestClient http;

    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        registry.add("pulse.tenants.containers.write-key", () -> WRITE_KEY);
    }

    @Test
    void anAcceptedEventIsReportedAsADuplicateWhenSentAgain() {
        String event = """
                {"event":"Signed Up","userId":"u-1","messageId":"%s"}""".formatted(UUID.randomUUID());

        track(event).jsonPath("$.success").isEqualTo(true).jsonPath("$.duplicate").doesNotExist();
        track(event).jsonPath("$.success").isEqualTo(true).jsonPath("$.duplicate").isEqualTo(true);
    }

    private WebTestClient.BodyContentSpec track(String json) {
        return http.post().uri("/v1/track").header("Authorization", "Bearer " + WRITE_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
                .expectStatus().isOk().expectBody();
    }
}
