package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what, across the three running services: a write key cannot read and a read key cannot write; no
 * tenant sees or changes another's data through any endpoint, the live stream or a leaderboard; names that reach a
 * query or a Redis key are refused when they try to smuggle anything in; management needs the admin key; Actuator
 * is not on the public port and shows nothing sensitive on its own.
 */
class SecurityMatrixTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String ALICE = "alice" + SUFFIX;
    private static final String BOB = "bob" + SUFFIX;
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    private static final String BOB_SECRET_EVENT = "Bob Secret " + SUFFIX;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static PulseServices services;

    @BeforeAll
    static void startPipelineWithTwoTenants() throws Exception {
        services = new PulseServices(TestEngines.get(), Path.of("target", "services"));
        services.start(PulseServices.ALL, List.of("-Xmx384m"), Map.of(
                "pulse.tenants." + ALICE + ".write-key", write(ALICE),
                "pulse.tenants." + ALICE + ".read-key", read(ALICE),
                "pulse.tenants." + BOB + ".write-key", write(BOB),
                "pulse.tenants." + BOB + ".read-key", read(BOB),
                "pulse.admin.key", ADMIN_KEY,
                "pulse.clickhouse.database", "security_" + SUFFIX,
                "pulse.enrichment.geo-database", System.getProperty("pulse.enrichment.geo-database")));
        HttpResponse<String> leaderboard = send("PUT", "aggregation-service",
                "/admin/v1/tenants/" + BOB + "/leaderboards/bobscores", ADMIN_KEY,
                "{\"event\":\"Scored\",\"scoreProperty\":\"points\",\"window\":\"all-time\"}");
        assertThat(leaderboard.statusCode()).as(leaderboard.body()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(send("POST", "ingestion-service", "/v1/track", write(BOB), """
                    {"event":"%s","userId":"bob-user-%d","properties":{"points":%d}}""".formatted(BOB_SECRET_EVENT, i, i))
                    .statusCode()).isEqualTo(200);
            assertThat(send("POST", "ingestion-service", "/v1/track", write(BOB), """
                    {"event":"Scored","userId":"bob-player-%d","properties":{"points":%d}}""".formatted(i, 10 + i))
                    .statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", "ingestion-service", "/v1/track", write(ALICE),
                "{\"event\":\"Alice Event\",\"userId\":\"alice-user\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(send("GET", "aggregation-service", "/v1/count?event=" + encode(BOB_SECRET_EVENT), read(BOB), null)
                    .body()).contains("\"count\":5");
            assertThat(send("GET", "aggregation-service", "/v1/leaderboards/bobscores?limit=10", read(BOB), null)
                    .body()).contains("bob-player-4");
        });
    }

    @AfterAll
    static void stopPipeline() {
        if (services != null) {
            services.stop();
        }
    }

    /** Every read endpoint of the aggregation service, as a path with a query. */
    static Stream<String> readEndpoints() {
        String range = "from=" + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS)
                + "&to=" + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
        return Stream.of("/v1/count?event=Scored", "/v1/query/timeseries?interval=minute&" + range,
                "/v1/query/top?dimension=event&" + range, "/v1/query/funnel?steps=Scored,Scored&" + range,
                "/v1/query/freshness", "/v1/leaderboards", "/v1/leaderboards/bobscores",
                "/v1/leaderboards/bobscores/members/bob-player-1");
    }

    @ParameterizedTest
    @MethodSource("readEndpoints")
    void readEndpointsOpenToTheReadKeyOnlyNeverToAWriteOrAdminKey(String endpoint) throws Exception {
        assertThat(send("GET", "aggregation-service", endpoint, read(BOB), null).statusCode()).isEqualTo(200);
        for (String other : new String[] {null, write(BOB), ADMIN_KEY, "not-a-key"}) {
            HttpResponse<String> refused = send("GET", "aggregation-service", endpoint, other, null);
            assertThat(refused.statusCode()).as("%s with %s", endpoint, other).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void captureOpensToTheWriteKeyOnlyAndABodyKeyCannotOverrideTheHeader() throws Exception {
        for (String other : new String[] {null, read(ALICE), ADMIN_KEY, "not-a-key"}) {
            assertThat(send("POST", "ingestion-service", "/v1/track", other,
                    "{\"event\":\"Sneaked\",\"userId\":\"u\"}").statusCode()).as("capture with %s", other)
                    .isEqualTo(401);
        }
        // Alice's key in the header, Bob's in the body: the header decides, nothing lands with Bob
        HttpResponse<String> mixed = send("POST", "ingestion-service", "/v1/track", write(ALICE), """
                {"event":"Intruder Event","userId":"intruder","writeKey":"%s"}""".formatted(write(BOB)));
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(ALICE, "/v1/count?event=Intruder%20Event")).contains("\"count\":1"));
        assertThat(get(BOB, "/v1/count?event=Intruder%20Event")).contains("\"count\":0");
    }

    @Test
    void aliceSeesNothingOfBobsThroughAnyEndpoint() throws Exception {
        String range = "from=" + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS)
                + "&to=" + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
        assertThat(get(ALICE, "/v1/count?event=" + encode(BOB_SECRET_EVENT))).contains("\"count\":0");
        assertThat(get(ALICE, "/v1/query/timeseries?interval=minute&event=" + encode(BOB_SECRET_EVENT) + "&" + range))
                .doesNotContainPattern("\"value\":[1-9]");
        assertThat(get(ALICE, "/v1/query/top?dimension=event&" + range)).doesNotContain(BOB_SECRET_EVENT)
                .doesNotContain("Scored").contains("Alice Event");
        assertThat(get(ALICE, "/v1/query/funnel?steps=" + encode(BOB_SECRET_EVENT + "," + BOB_SECRET_EVENT) + "&"
                + range)).doesNotContainPattern("\"users\":[1-9]");
        assertThat(get(ALICE, "/v1/leaderboards")).doesNotContain("bobscores");
        assertThat(send("GET", "aggregation-service", "/v1/leaderboards/bobscores", read(ALICE), null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "aggregation-service", "/v1/leaderboards/bobscores/members/bob-player-1", read(ALICE),
                null).statusCode()).isEqualTo(404);
        try (LiveStream alices = new LiveStream(read(ALICE)); LiveStream bobs = new LiveStream(read(BOB))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> alices.text().contains("event:second"));
            String live = "Bob Live " + SUFFIX;
            send("POST", "ingestion-service", "/v1/track", write(BOB),
                    "{\"event\":\"%s\",\"userId\":\"bob-live\"}".formatted(live));
            // Bob's own stream shows his event: the fan-out works, so its absence from Alice's means something
            await().atMost(Duration.ofSeconds(30)).until(() -> bobs.text().contains(live));
            int secondsBefore = alices.text().split("event:second", -1).length;
            await().atMost(Duration.ofSeconds(10)).until(() -> alices.text().split("event:second", -1).length
                    > secondsBefore + 1);
            assertThat(alices.text()).doesNotContain(live);
        }
    }

    @Test
    void managementNeedsTheAdminKeyWhateverTenantAKeyBelongsTo() throws Exception {
        List<String[]> adminCalls = List.of(
                new String[] {"GET", "aggregation-service", "/admin/v1/tenants/" + BOB + "/leaderboards", null},
                new String[] {"PUT", "aggregation-service", "/admin/v1/tenants/" + BOB + "/leaderboards/stolen",
                        "{\"event\":\"Scored\",\"scoreProperty\":\"points\",\"window\":\"all-time\"}"},
                new String[] {"DELETE", "aggregation-service", "/admin/v1/tenants/" + BOB + "/leaderboards/bobscores", null},
                new String[] {"DELETE", "aggregation-service", "/admin/v1/tenants/" + BOB + "/users/bob-user-1", null},
                new String[] {"POST", "enrichment-service", "/admin/v1/dead-letters/replay", "{}"});
        for (String[] call : adminCalls) {
            for (String key : new String[] {null, read(ALICE), write(ALICE), read(BOB), write(BOB), "not-a-key"}) {
                assertThat(send(call[0], call[1], call[2], key, call[3]).statusCode())
                        .as("%s %s with %s", call[0], call[2], key).isEqualTo(401);
            }
        }
        assertThat(send("GET", "aggregation-service", "/admin/v1/tenants/" + BOB + "/leaderboards", ADMIN_KEY, null)
                .body()).contains("bobscores");
        assertThat(get(BOB, "/v1/count?event=" + encode(BOB_SECRET_EVENT))).contains("\"count\":5");
    }

    @Test
    void namesThatTryToSmuggleSqlOrKeysAreRefusedWithAProblem() throws Exception {
        String range = "from=" + Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS)
                + "&to=" + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
        List<String> hostile = List.of("country) OR 1=1 --", "x' OR '1'='1", "a;DROP TABLE events", "{bob}", "../..",
                "event\u0000", "name with spaces");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String name : hostile) {
            answers.add(send("GET", "aggregation-service", "/v1/query/top?dimension=" + encode(name) + "&" + range,
                    read(ALICE), null));
            answers.add(send("GET", "aggregation-service", "/v1/query/timeseries?groupBy=" + encode(name) + "&" + range,
                    read(ALICE), null));
            answers.add(send("GET", "aggregation-service", "/v1/query/timeseries?metric=sum&measure=" + encode(name)
                    + "&" + range, read(ALICE), null));
            answers.add(send("GET", "aggregation-service", "/v1/query/timeseries?property=" + encode(name)
                    + "&propertyValue=1&" + range, read(ALICE), null));
            answers.add(send("GET", "aggregation-service", "/v1/leaderboards/" + encode(name), read(ALICE), null));
            answers.add(send("PUT", "aggregation-service", "/admin/v1/tenants/" + ALICE + "/leaderboards/" + encode(name),
                    ADMIN_KEY, "{\"event\":\"Scored\",\"scoreProperty\":\"points\",\"window\":\"all-time\"}"));
            answers.add(send("PUT", "aggregation-service", "/admin/v1/tenants/" + ALICE + "/leaderboards/fine",
                    ADMIN_KEY, "{\"event\":\"Scored\",\"scoreProperty\":\"%s\",\"window\":\"all-time\"}"
                            .formatted(name.replace("\u0000", "\\u0000"))));
        }
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.request().uri() + " → " + answer.body()).isIn(400, 404);
            assertThat(answer.headers().firstValue("Content-Type")).as(answer.request().uri().toString())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        });
        // a value, unlike a name, is data: bound as a parameter, it finds nothing and breaks nothing
        assertThat(send("GET", "aggregation-service", "/v1/query/timeseries?country=" + encode("DE' OR '1'='1") + "&"
                + range, read(ALICE), null).statusCode()).isEqualTo(200);
        assertThat(get(BOB, "/v1/count?event=" + encode(BOB_SECRET_EVENT))).contains("\"count\":5");
    }

    @Test
    void actuatorIsOnTheManagementPortOnlyAndExposesNothingSensitive() throws Exception {
        for (String service : PulseServices.ALL) {
            for (String path : List.of("/actuator", "/actuator/health", "/actuator/env", "/actuator/heapdump",
                    "/actuator/prometheus")) {
                assertThat(status(services.http(service, path))).as("%s %s on the API port", service, path)
                        .isEqualTo(404);
            }
            for (String path : List.of("/actuator/env", "/actuator/heapdump", "/actuator/threaddump",
                    "/actuator/configprops", "/actuator/beans", "/actuator/loggers", "/actuator/shutdown")) {
                assertThat(status(services.management(service, path))).as("%s %s on the management port", service, path)
                        .isEqualTo(404);
            }
            assertThat(status(services.management(service, "/actuator/health"))).isEqualTo(200);
            assertThat(status(services.management(service, "/actuator/prometheus"))).isEqualTo(200);
        }
    }

    /** A tenant's live stream, read line by line in the background for as long as it is open. */
    private static final class LiveStream implements AutoCloseable {

        private final StringBuilder seen = new StringBuilder();
        private final java.util.concurrent.CompletableFuture<HttpResponse<Stream<String>>> response;

        LiveStream(String readKey) {
            response = HTTP.sendAsync(HttpRequest.newBuilder(services.http("aggregation-service", "/v1/live"))
                    .header("Authorization", "Bearer " + readKey).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            response.thenAcceptAsync(answer -> answer.body().forEach(line -> {
                synchronized (seen) {
                    seen.append(line).append('\n');
                }
            }));
        }

        String text() {
            synchronized (seen) {
                return seen.toString();
            }
        }

        @Override
        public void close() {
            response.thenAccept(answer -> answer.body().close());
            response.cancel(true);
        }
    }

    private static String get(String tenant, String path) throws Exception {
        HttpResponse<String> response = send("GET", "aggregation-service", path, read(tenant), null);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static int status(URI uri) throws Exception {
        try (HttpClient client = connection()) {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static HttpResponse<String> send(String method, String service, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(services.http(service, path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try (HttpClient client = connection()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * A client of its own for each call: the matrix is about what each answer says, and with one shared client a
     * call on a kept-alive connection now and then got no answer within 30 s on a loaded CI machine.
     */
    private static HttpClient connection() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String write(String tenant) {
        return "write-" + tenant;
    }

    private static String read(String tenant) {
        return "read-" + tenant;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
