package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline, each service in its own JVM, against real Kafka, ClickHouse and Redis: events posted to
 * ingestion are stored in ClickHouse and counted in Redis, each exactly once.
 */
class PipelineEndToEndTest {

    private static final String TENANT = "e2e";
    private static final String WRITE_KEY = "e2e-write-" + UUID.randomUUID();
    private static final String READ_KEY = "e2e-read-" + UUID.randomUUID();
    private static final String DATABASE = "e2e_" + UUID.randomUUID().toString().replace("-", "");
    private static final List<String> EVENTS = List.of("Signed Up", "Order Completed", "Page Viewed");

    private static final HttpClient http = HttpClient.newHttpClient();
    private static LocalStack stack;
    private static PulseServices services;

    @BeforeAll
    static void startPipeline() {
        stack = TestEngines.get();
        services = new PulseServices(stack, Path.of("target", "services"));
        services.start(PulseServices.ALL, List.of("-Xmx256m"), Map.of(
                "pulse.tenants." + TENANT + ".write-key", WRITE_KEY,
                "pulse.tenants." + TENANT + ".read-key", READ_KEY,
                "pulse.tenants.enriched-" + TENANT + ".write-key", "enriched-" + WRITE_KEY,
                "pulse.clickhouse.database", DATABASE,
                "pulse.enrichment.geo-database", System.getProperty("pulse.enrichment.geo-database")));
    }

    @AfterAll
    static void stopPipeline() {
        if (services != null) {
            services.stop();
        }
    }

    @Test
    void everyAcceptedEventIsStoredInClickHouseAndCountedInRedisExactlyOnce() throws Exception {
        Map<String, Integer> sent = new HashMap<>();
        for (int i = 0; i < 90; i++) {
            String event = EVENTS.get(i % EVENTS.size());
            HttpResponse<String> response = post("/v1/track", "Bearer " + WRITE_KEY, """
                    {"event":"%s","userId":"user-%d","messageId":"%s","properties":{"n":%d}}"""
                    .formatted(event, i % 13, UUID.randomUUID(), i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            sent.merge(event, 1, Integer::sum);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(clickHouse("SELECT count() FROM " + DATABASE + ".events WHERE tenant = '" + TENANT + "'"))
                        .isEqualTo("90"));
        assertThat(clickHouse("SELECT uniqExact(message_id) FROM " + DATABASE + ".events WHERE tenant = '" + TENANT + "'"))
                .isEqualTo("90");
        for (String event : EVENTS) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(count(event)).contains("\"count\":" + sent.get(event)));
        }
    }

    @Test
    void badInputGetsAProblemDetailAndTheServiceStaysHealthy() throws Exception {
        HttpResponse<String> malformed = post("/v1/track", "Bearer " + WRITE_KEY, "{\"event\":");
        HttpResponse<String> anonymous = post("/v1/track", null, "{\"event\":\"Signed Up\",\"userId\":\"u\"}");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get(services.management("ingestion-service", "/actuator/health/readiness"), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void whatEnrichmentDerivedIsStoredWithTheEventButNotTheRawIpAddress() throws Exception {
        String messageId = UUID.randomUUID().toString();
        // a tenant of its own, so the exact counts of the other tests stay exact
        HttpResponse<String> response = post("/v1/track", "Bearer enriched-" + WRITE_KEY, """
                {"event":"Bought","userId":"u-geo","messageId":"%s","context":{"ip":"193.0.6.139",
                 "userAgent":"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                 "page":{"url":"https://shop.example.com/p?utm_source=google&utm_medium=cpc&utm_campaign=winter",
                 "referrer":"https://www.google.com/"}}}""".formatted(messageId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(clickHouse("""
                SELECT country, ip, browser, device_class, page_host, campaign_name, campaign_source, referrer_class
                FROM %s.events WHERE message_id = '%s' FORMAT TabSeparated""".formatted(DATABASE, messageId)))
                .isEqualTo("NL\t193.0.6.0\tFirefox\tDesktop\tshop.example.com\twinter\tgoogle\tsearch"));
    }

    @Test
    void deadLettersAreQueryableInClickHouse() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", stack.kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            // a record no ingestion would write: cut off in the middle
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("events.raw", "x:" + marker,
                    "{\"tenant\":\"" + TENANT + "\",\"messageId\":\"" + marker + "\",\"type\":"));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(clickHouse("""
                SELECT reason, source_topic FROM %s.dead_letter WHERE position(payload, '%s') > 0 FORMAT TabSeparated"""
                .formatted(DATABASE, marker))).isEqualTo("parse_error\tevents.raw"));
    }

    @Test
    void countsNeedTheTenantsReadKey() throws Exception {
        URI uri = services.http("aggregation-service", "/v1/count?event=Signed%20Up");

        assertThat(get(uri, null).statusCode()).isEqualTo(401);
        assertThat(get(uri, "Bearer " + WRITE_KEY).statusCode()).isEqualTo(401);
        assertThat(get(uri, "Bearer " + READ_KEY).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(services.http("ingestion-service", path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String count(String event) throws Exception {
        URI uri = services.http("aggregation-service", "/v1/count?event=" + URLEncoder.encode(event, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        return get(uri, "Bearer " + READ_KEY).body();
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String clickHouse(String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.clickHouseUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.body().trim();
    }
}
