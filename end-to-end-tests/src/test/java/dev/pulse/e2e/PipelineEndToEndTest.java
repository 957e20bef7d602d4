package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import dev.pulse.stack.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
    private static final String ADMIN_KEY = "e2e-admin-" + UUID.randomUUID();
    private static final String BULK_TENANT = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "e2e_" + UUID.randomUUID().toString().replace("-", "");
    private static final List<String> EVENTS = List.of("Signed Up", "Order Completed", "Page Viewed");

    private static final HttpClient http = HttpClient.newHttpClient();
    private static LocalStack stack;
    private static PulseServices services;

    @BeforeAll
    static void startPipeline() {
        stack = TestEngines.get();
        services = new PulseServices(stack, Path.of("target", "services"));
        services.start(PulseServices.ALL, List.of("-Xmx512m"), Map.of(
                "pulse.tenants." + TENANT + ".write-key", WRITE_KEY,
                "pulse.tenants." + TENANT + ".read-key", READ_KEY,
                "pulse.tenants." + BULK_TENANT + ".write-key", "bulk-" + WRITE_KEY,
                "pulse.admin.key", ADMIN_KEY,
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

        // other tests send other events for the same tenant
        String ofTheseEvents = " AND event IN ('" + String.join("', '", EVENTS) + "')";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(clickHouse("SELECT count() FROM " + DATABASE + ".events WHERE tenant = '" + TENANT + "'" + ofTheseEvents))
                        .isEqualTo("90"));
        assertThat(clickHouse("SELECT uniqExact(message_id) FROM " + DATABASE + ".events WHERE tenant = '" + TENANT + "'"
                + ofTheseEvents)).isEqualTo("90");
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

    @Test
    void aHundredThousandEventsWithDuplicatesAreCountedExactlyInClickHouseItsRollupsAndRedis() throws Exception {
        int unique = 100_000;
        Instant start = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
        List<String> bodies = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        int inBatch = 0;
        // one event per 5 ms over 500 s; every 20th event is followed by a copy (same messageId): 5 % duplicates
        for (int i = 0; i < unique; i++) {
            String event = """
                    {"type":"track","event":"Played","userId":"user-%d","messageId":"bulk-%d","timestamp":"%s",\
                    "properties":{"revenue":%d}}""".formatted(i % 1_009, i, start.plusMillis(5L * i), i % 100);
            for (int copy = 0; copy < (i % 20 == 0 ? 2 : 1); copy++) {
                batch.append(inBatch++ == 0 ? "" : ",").append(event);
                if (inBatch == 500) {
                    bodies.add("{\"batch\":[" + batch + "]}");
                    batch.setLength(0);
                    inBatch = 0;
                }
            }
        }
        if (inBatch > 0) {
            bodies.add("{\"batch\":[" + batch + "]}");
        }
        // a client retrying three whole requests: every event in them is a duplicate now
        bodies.addAll(List.copyOf(bodies.subList(10, 13)));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (String body : bodies) {
            responses.add(http.sendAsync(HttpRequest.newBuilder(services.http("ingestion-service", "/v1/batch"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer bulk-" + WRITE_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            if (responses.size() % 4 == 0) {
                responses.getLast().join();
            }
        }
        responses.forEach(response -> assertThat(response.join().statusCode()).as(response.join().body()).isEqualTo(200));

        String tenant = "tenant = '" + BULK_TENANT + "'";
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(
                clickHouse("SELECT count() FROM " + DATABASE + ".events WHERE " + tenant)).isEqualTo(Integer.toString(unique)));
        assertThat(clickHouse("SELECT uniqExact(message_id) FROM " + DATABASE + ".events WHERE " + tenant))
                .isEqualTo(Integer.toString(unique));
        assertThat(clickHouse("SELECT countMerge(events), uniqMerge(users) > 1000 FROM " + DATABASE + ".events_minute WHERE "
                + tenant)).isEqualTo(unique + "\t1");
        long revenue = (long) (unique / 100) * (99 * 100 / 2);
        assertThat(clickHouse("SELECT sumMerge(total) FROM " + DATABASE + ".events_minute_measures WHERE " + tenant
                + " AND measure = 'revenue'")).isEqualTo(Long.toString(revenue));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            long counted = 0;
            double summed = 0;
            for (int minute = 0; minute < 10; minute++) {
                Map<Object, Object> hash = TestRedis.template().opsForHash().entries(
                        "pulse:{" + BULK_TENANT + "}:minute:" + start.plus(Duration.ofMinutes(minute)).getEpochSecond());
                counted += Long.parseLong(hash.getOrDefault("count:Played", "0").toString());
                summed += Double.parseDouble(hash.getOrDefault("sum:Played:revenue", "0").toString());
            }
            assertThat(counted).isEqualTo(unique);
            assertThat(summed).isEqualTo(revenue);
        });
    }

    @Test
    void aLeaderboardCreatedThroughTheAdminEndpointRanksItsMembers() throws Exception {
        String definition = "{\"event\":\"Scored\",\"scoreProperty\":\"points\",\"window\":\"all-time\"}";
        URI admin = services.http("aggregation-service", "/admin/v1/tenants/" + TENANT + "/leaderboards/points");
        assertThat(send(HttpRequest.newBuilder(admin).PUT(HttpRequest.BodyPublishers.ofString(definition))
                .header("Content-Type", "application/json")).statusCode()).isEqualTo(401);
        HttpResponse<String> created = send(HttpRequest.newBuilder(admin).PUT(HttpRequest.BodyPublishers.ofString(definition))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_KEY));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        // the aggregation reads new definitions on its cache refresh: a few seconds
        URI top = services.http("aggregation-service", "/v1/leaderboards/points?limit=2");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(top, "Bearer " + READ_KEY).body())
                .contains("\"leaderboard\":\"points\""));

        List<String> players = List.of("ann", "bob", "cid");
        for (int i = 0; i < 30; i++) {
            String player = players.get(i % 3);
            HttpResponse<String> response = post("/v1/track", "Bearer " + WRITE_KEY, """
                    {"event":"Scored","userId":"%s","messageId":"%s","properties":{"points":%d}}"""
                    .formatted(player, UUID.randomUUID(), player.equals("bob") ? 10 : player.equals("ann") ? 5 : 1));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(top, "Bearer " + READ_KEY).body())
                .contains("\"members\":3")
                .contains("{\"rank\":1,\"member\":\"bob\",\"score\":100.0},{\"rank\":2,\"member\":\"ann\",\"score\":50.0}"));
        assertThat(get(services.http("aggregation-service", "/v1/leaderboards/points/members/cid"), "Bearer " + READ_KEY)
                .body()).isEqualTo("{\"rank\":3,\"member\":\"cid\",\"score\":10.0}");
        HttpResponse<String> missing = get(services.http("aggregation-service", "/v1/leaderboards/nope"), "Bearer " + READ_KEY);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aDeletedUserIsRemovedFromClickHouseAndRefusedByIngestion() throws Exception {
        String gone = "gone-" + UUID.randomUUID();
        String kept = "kept-" + UUID.randomUUID();
        for (String user : List.of(gone, gone, kept)) {
            assertThat(post("/v1/track", "Bearer " + WRITE_KEY, """
                    {"event":"Visited","userId":"%s","messageId":"%s"}""".formatted(user, UUID.randomUUID()))
                    .statusCode()).isEqualTo(200);
        }
        String stored = "SELECT user_id, count() FROM " + DATABASE + ".events WHERE user_id IN ('" + gone + "', '" + kept
                + "') GROUP BY user_id ORDER BY user_id DESC";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(clickHouse(stored))
                .isEqualTo(kept + "\t1\n" + gone + "\t2"));

        URI deletion = services.http("aggregation-service", "/admin/v1/tenants/" + TENANT + "/users/" + gone);
        assertThat(send(HttpRequest.newBuilder(deletion).DELETE()).statusCode()).isEqualTo(401);
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(deletion).DELETE()
                .header("Authorization", "Bearer " + ADMIN_KEY));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(clickHouse(stored)).isEqualTo(kept + "\t1"));
        // ingestion reads the suppression list on its cache refresh: a few seconds
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(post("/v1/track", "Bearer " + WRITE_KEY, """
                {"event":"Visited","userId":"%s","messageId":"%s"}""".formatted(gone, UUID.randomUUID())).body())
                .contains("\"code\":\"user_suppressed\""));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
