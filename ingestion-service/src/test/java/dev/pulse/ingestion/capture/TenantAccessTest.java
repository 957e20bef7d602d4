package dev.pulse.ingestion.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.EventKeys;
import dev.pulse.stack.TestEngines;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Write keys registered in Redis (and revoked there), and per-tenant rate limits, against real Redis and Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pulse.tenants.limited.write-key=limited-write",
        "pulse.tenants.other.write-key=other-write",
        "pulse.rate-limit.tenants.limited.events-per-second=1",
        "pulse.rate-limit.tenants.limited.burst=2500",
        "pulse.write-keys.cache-ttl=300ms"})
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class TenantAccessTest {

    @Autowired
    private WebTestClient http;

    @Autowired
    private StringRedisTemplate redis;

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aKeyRegisteredInRedisWorksAndStopsWorkingWithinSecondsOfItsRevocation() {
        String key = "redis-key-" + UUID.randomUUID();
        assertThat(track(key).expectBody().returnResult().getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);

        redis.opsForValue().set(EventKeys.writeKeyOwner(key), "registered");
        await().atMost(Duration.ofSeconds(5)).until(() -> track(key).expectBody().returnResult().getStatus().is2xxSuccessful());

        redis.delete(EventKeys.writeKeyOwner(key));
        await().atMost(Duration.ofSeconds(5)).until(() -> track(key).expectBody().returnResult().getStatus()
                == HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyTheDigestOfAKeyIsStoredAndATenantIdThatIsNoPlainNameIsRefused() {
        assertThat(EventKeys.writeKeyOwner("secret")).isEqualTo(
                "pulse:write-key:2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");

        String key = "bad-tenant-" + UUID.randomUUID();
        redis.opsForValue().set(EventKeys.writeKeyOwner(key), "{evil}:tenant");
        track(key).expectStatus().isUnauthorized();
    }

    @Test
    void aTenantOverItsRateLimitGets429WithRetryAfterAndRateLimitHeadersWhileOtherTenantsGoOn() {
        String fullBurst = IntStream.range(0, 2500)
                .mapToObj(i -> "{\"type\":\"track\",\"event\":\"Tick\",\"userId\":\"u-" + i + "\"}")
                .collect(Collectors.joining("\n"));
        http.post().uri("/v1/batch").header(HttpHeaders.AUTHORIZATION, "Bearer limited-write")
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(fullBurst)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Limit", "1")
                .expectHeader().valueEquals("RateLimit-Remaining", "0");

        // the bucket refills one event a second: five more do not fit
        String five = fullBurst.lines().limit(5).collect(Collectors.joining("\n"));
        http.post().uri("/v1/batch").header(HttpHeaders.AUTHORIZATION, "Bearer limited-write")
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(five)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value)).isPositive())
                .expectHeader().valueEquals("RateLimit-Limit", "1")
                .expectHeader().exists("RateLimit-Reset")
                .expectBody().jsonPath("$.code").isEqualTo("rate_limited");

        track("other-write").expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec track(String writeKey) {
        return http.post().uri("/v1/track")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + writeKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"event\":\"Opened\",\"userId\":\"u-1\"}")
                .exchange();
    }
}
