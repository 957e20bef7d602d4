package dev.pulse.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.containers.ClickHouseContainerEngine;
import dev.pulse.stack.containers.ContainerEngines;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The query path of {@link QueryApiTest} on engines from Testcontainers — a current ClickHouse, as in production —
 * where Docker exists; skipped where it does not. Migrations, the sink, the rollup views and the queries all run
 * against the current server's SQL dialect here, against 18.16 in {@link QueryApiTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import({ContainerEngines.class, ClickHouseContainerEngine.class})
@ActiveProfiles("test")
class QueryOnContainersTest {

    private static final String TENANT = "c" + UUID.randomUUID().toString().substring(0, 8);
    private static final String READ_KEY = "read-" + UUID.randomUUID();
    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    private static final String RANGE = "from=2026-11-20T10:00:00Z&to=2026-11-20T12:00:00Z";

    @Autowired
    private WebTestClient http;

    @Autowired
    private KafkaProperties kafka;

    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        registry.add("pulse.tenants." + TENANT + ".read-key", () -> READ_KEY);
    }

    @Test
    void rollupsRawEventsAndPercentilesAnswerOnCurrentClickHouse() {
        TestEvents.send(String.join(",", kafka.getBootstrapServers()), TENANT, 120, null, HOUR, Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(query("/v1/query/timeseries?interval=hour&"
                + RANGE)).contains("\"source\":\"rollups\"").contains("\"value\":120.0"));
        assertThat(query("/v1/query/timeseries?metric=users&event=View&" + RANGE)).contains("\"value\":10.0");
        assertThat(query("/v1/query/timeseries?metric=sum&measure=revenue&event=Buy&" + RANGE))
                .contains("\"value\":3600.0");
        assertThat(query("/v1/query/timeseries?metric=p50&measure=revenue&" + RANGE))
                .containsPattern("\"value\":(5[5-9]|6[0-5])(\\.\\d+)?");
        assertThat(query("/v1/query/top?dimension=country&" + RANGE)).contains("\"value\":\"FR\",\"metric\":80.0");
        assertThat(query("/v1/query/timeseries?os=iOS&country=DE&" + RANGE)).contains("\"source\":\"events\"")
                .contains("\"value\":20.0");
    }

    private String query(String path) {
        return http.get().uri(path).header("Authorization", "Bearer " + READ_KEY).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }
}
