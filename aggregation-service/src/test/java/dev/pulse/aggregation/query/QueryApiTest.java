package dev.pulse.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.aggregation.rollup.HotKeys;
import dev.pulse.stack.TestEngines;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query API on the whole aggregation service, against real Kafka, ClickHouse and Redis: events go in through
 * {@code events.enriched}, answers come from the rollups, the raw events and Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest {

    private static final String TENANT = "q" + UUID.randomUUID().toString().substring(0, 8);
    private static final String READ_KEY = "read-" + UUID.randomUUID();
    private static final String OTHER_READ_KEY = "other-" + UUID.randomUUID();
    private static final String WRITE_KEY = "write-" + UUID.randomUUID();
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    private static final String HOT = "hot" + UUID.randomUUID().toString().substring(0, 8);
    private static final String HOT_READ_KEY = "hot-" + UUID.randomUUID();
    private static final String LAGGING = "lag" + UUID.randomUUID().toString().substring(0, 8);
    private static final String LAGGING_READ_KEY = "lag-" + UUID.randomUUID();
    private static final String BURST = "burst" + UUID.randomUUID().toString().substring(0, 8);
    private static final String BURST_READ_KEY = "burst-" + UUID.randomUUID();
    private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
    private static final String RANGE = "from=2026-11-20T10:00:00Z&to=2026-11-20T12:00:00Z";

    @Autowired
    private WebTestClient http;

    @Autowired
    private ReactiveStringRedisTemplate redis;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("pulse.clickhouse.database", () -> "query_" + UUID.randomUUID().toString().replace("-", ""));
        registry.add("pulse.tenants." + TENANT + ".read-key", () -> READ_KEY);
        registry.add("pulse.tenants.other.read-key", () -> OTHER_READ_KEY);
        registry.add("pulse.tenants." + HOT + ".read-key", () -> HOT_READ_KEY);
        registry.add("pulse.tenants." + LAGGING + ".read-key", () -> LAGGING_READ_KEY);
        registry.add("pulse.tenants." + BURST + ".read-key", () -> BURST_READ_KEY);
        registry.add("pulse.tenants." + TENANT + ".write-key", () -> WRITE_KEY);
        registry.add("pulse.admin.key", () -> ADMIN_KEY);
    }

    /**
     * 120 events in the hour from 10:00: event i at 10:00 + 30 s × i; "View" for even i, "Buy" for odd i with
     * revenue i; users u0..u9 ((i / 2) % 10, so each views, then buys 30 s later); country DE for i % 3 == 0, else FR; OS Linux for i < 60, else iOS.
     */
    @BeforeAll
    void sendTheHour() {
        send(TENANT, 120, null, HOUR, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("/v1/query/timeseries?" + RANGE)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .contains("\"value\":120.0"));
    }

    private static void send(String tenant, int count, String name, Instant start, Duration every) {
        TestEvents.send(tenant, count, name, start, every);
    }

    @Test
    void countsPerHourComeFromTheRollups() {
        get("/v1/query/timeseries?interval=hour&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.source").isEqualTo("rollups")
                .jsonPath("$.series[0].points[0].t").isEqualTo("2026-11-20T10:00:00Z")
                .jsonPath("$.series[0].points[0].value").isEqualTo(120.0)
                .jsonPath("$.series[0].points.length()").isEqualTo(1);
        get("/v1/query/timeseries?interval=minute&event=Buy&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.series[0].points.length()").isEqualTo(60)
                .jsonPath("$.series[0].points[0].value").isEqualTo(1.0);
        get("/v1/query/timeseries?metric=users&event=View&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.series[0].points[0].value").isEqualTo(10.0);
    }

    @Test
    void sumsAndPercentilesOfAMeasure() {
        // Buy events: i = 1, 3, ..., 119; revenue i
        get("/v1/query/timeseries?metric=sum&measure=revenue&event=Buy&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.series[0].points[0].value").isEqualTo(3600.0);
        String p50 = get("/v1/query/timeseries?metric=p50&measure=revenue&" + RANGE).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(p50).containsPattern("\"value\":(5[5-9]|6[0-5])(\\.\\d+)?");
        // whole hours bucketed by the hour are read from the hour rollups: the same sum, a t-digest of the same values
        get("/v1/query/timeseries?metric=sum&measure=revenue&event=Buy&interval=hour&" + RANGE).expectStatus().isOk()
                .expectBody().jsonPath("$.series[0].points[0].value").isEqualTo(3600.0);
        String hourlyP50 = get("/v1/query/timeseries?metric=p50&measure=revenue&interval=hour&" + RANGE).expectStatus()
                .isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(hourlyP50).containsPattern("\"value\":(5[5-9]|6[0-5])(\\.\\d+)?");
    }

    @Test
    void groupedByADimensionWithTheRestAsOther() {
        // DE: i % 3 == 0 → 40 events, FR: 80
        get("/v1/query/timeseries?groupBy=country&groups=1&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.series.length()").isEqualTo(2)
                .jsonPath("$.series[?(@.group == 'FR')].points[0].value").isEqualTo(80.0)
                .jsonPath("$.series[?(@.group == '(other)')].points[0].value").isEqualTo(40.0);
        get("/v1/query/top?dimension=country&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$[0].value").isEqualTo("FR").jsonPath("$[0].metric").isEqualTo(80.0)
                .jsonPath("$[1].value").isEqualTo("DE").jsonPath("$[1].metric").isEqualTo(40.0);
    }

    @Test
    void filtersTheRollupsDoNotHoldAreAnsweredFromTheRawEvents() {
        get("/v1/query/timeseries?os=iOS&country=DE&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.source").isEqualTo("events")
                .jsonPath("$.series[0].points[0].value").isEqualTo(20.0);
        get("/v1/query/timeseries?property=plan&propertyValue=pro&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.series[0].points[0].value").isEqualTo(60.0);
    }

    @Test
    void aFunnelCountsUsersWhoDidTheStepsInOrder() {
        // every user views, then buys 30 s later; nobody refunds
        get("/v1/query/funnel?steps=View,Buy,Refund&window=PT1H&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$[0].event").isEqualTo("View").jsonPath("$[0].users").isEqualTo(10)
                .jsonPath("$[1].event").isEqualTo("Buy").jsonPath("$[1].users").isEqualTo(10)
                .jsonPath("$[2].event").isEqualTo("Refund").jsonPath("$[2].users").isEqualTo(0);
        // bought first, viewed later: within a one-second window nobody gets past the first step
        get("/v1/query/funnel?steps=Buy,View&window=PT1S&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$[0].users").isEqualTo(10).jsonPath("$[1].users").isEqualTo(0);
    }

    @Test
    void freshnessTellsTheNewestCountedEventAndEachStagesLag() {
        get("/v1/query/freshness").expectStatus().isOk().expectBody()
                .jsonPath("$.newestCounted").isEqualTo("2026-11-20T10:59:30Z")
                .jsonPath("$.newestStoredMinute").isEqualTo("2026-11-20T10:59:00Z")
                .jsonPath("$.lag['pulse-clickhouse-sink']").exists()
                .jsonPath("$.lag['pulse-redis-counters']").exists();
    }

    @Test
    void theLiveStreamShowsWhatIsCountedEachSecond() {
        // another tenant's stream, so the other tests' numbers stay as they are
        Flux<String> seconds = http.get().uri("/v1/live?readKey=" + OTHER_READ_KEY).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody();
        // the first second arrives once the subscription stands; events sent after it are in the stream
        Long live = seconds
                .index()
                .doOnNext(second -> {
                    if (second.getT1() == 0) {
                        send("other", 7, "Live", HOUR.plus(Duration.ofHours(2)), Duration.ofSeconds(30));
                    }
                })
                .map(second -> JsonMapper.shared().readTree(second.getT2()).path("counts").path("Live").asLong())
                .scan(0L, Long::sum)
                .takeUntil(total -> total >= 7)
                .blockLast(Duration.ofSeconds(30));
        assertThat(live).isEqualTo(7);
        http.get().uri("/v1/live").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void recentMinutesComeFromRedisWithTheSameNumbersAsClickHouse() {
        // 200 events, one per 6 s over the last 20 minutes; send() puts user (i / 2) % 10 and revenue i on odd events
        Instant start = Instant.now().minus(Duration.ofMinutes(25)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        send(HOT, 200, "Tick", start, Duration.ofSeconds(6));
        String recent = "interval=minute&from=" + Instant.now().minus(Duration.ofMinutes(59)) + "&to=" + Instant.now().plusSeconds(60);
        String older = "interval=minute&from=" + Instant.now().minus(Duration.ofMinutes(90)) + "&to=" + Instant.now().plusSeconds(60);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(total(hot("/v1/query/timeseries?" + older))).isEqualTo(200.0);
            assertThat(total(hot("/v1/query/timeseries?" + recent))).isEqualTo(200.0);
        });

        for (String metric : new String[] {"metric=count", "metric=count&event=Tick", "metric=sum&measure=revenue",
                "metric=sum&measure=revenue&event=Tick", "metric=users&event=Tick", "metric=users"}) {
            JsonNode fromRedis = hot("/v1/query/timeseries?" + metric + "&" + recent);
            JsonNode fromClickHouse = hot("/v1/query/timeseries?" + metric + "&" + older);
            assertThat(fromRedis.path("source").asString()).isEqualTo("redis");
            assertThat(fromClickHouse.path("source").asString()).isEqualTo("rollups");
            JsonNode redisPoints = fromRedis.path("series").get(0).path("points");
            JsonNode clickHousePoints = fromClickHouse.path("series").get(0).path("points");
            assertThat(redisPoints.size()).isEqualTo(clickHousePoints.size()).isEqualTo(20);
            for (int i = 0; i < redisPoints.size(); i++) {
                assertThat(redisPoints.get(i).path("t")).isEqualTo(clickHousePoints.get(i).path("t"));
                double expected = clickHousePoints.get(i).path("value").asDouble();
                // unique users are HyperLogLog estimates on both sides; counts and sums are exact
                assertThat(redisPoints.get(i).path("value").asDouble()).as(metric)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(metric.contains("users") ? expected * 0.02 : 1e-9));
            }
        }
    }

    @Test
    void aHotPathBehindClickHouseLeavesTheAnswerToClickHouse() {
        Instant start = Instant.now().minus(Duration.ofMinutes(25)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        send(LAGGING, 40, "Tock", start, Duration.ofSeconds(30));
        String recent = "/v1/query/timeseries?interval=minute&from=" + Instant.now().minus(Duration.ofMinutes(59)) + "&to="
                + Instant.now().plusSeconds(60);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode answer = query(LAGGING_READ_KEY, recent);
            assertThat(answer.path("source").asString()).isEqualTo("redis");
            assertThat(total(answer)).isEqualTo(40.0);
        });
        // the hot path now says it has counted nothing after the first minute, while ClickHouse holds all 20 minutes
        redis.opsForValue().set(HotKeys.watermark(LAGGING), Long.toString(start.plusSeconds(59).toEpochMilli()))
                .block(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode answer = query(LAGGING_READ_KEY, recent);
            assertThat(answer.path("source").asString()).isEqualTo("rollups");
            assertThat(total(answer)).isEqualTo(40.0);
        });
        redis.delete(HotKeys.watermark(LAGGING)).block(Duration.ofSeconds(5));
        assertThat(query(LAGGING_READ_KEY, recent).path("source").asString()).isEqualTo("rollups");
    }

    /**
     * A client that sends its next request the moment an answer arrived, on one keep-alive connection, gets every
     * answer: the service once left such a request unread for good when the answer before it was written from a
     * driver's I/O thread (within a few hundred requests, from Redis and from ClickHouse alike).
     */
    @Test
    void backToBackRequestsOnOneConnectionAreAllAnswered() throws Exception {
        send(BURST, 10, "Burst", Instant.now().minus(Duration.ofMinutes(10)), Duration.ofSeconds(30));
        String minutes = "/v1/query/timeseries?interval=minute&from=" + Instant.now().minus(Duration.ofMinutes(59)) + "&to="
                + Instant.now().plusSeconds(60);
        await().atMost(Duration.ofSeconds(60)).until(() -> total(query(BURST_READ_KEY, minutes)) == 10.0);
        String[] paths = {minutes, "/v1/query/top?dimension=country&" + RANGE, "/v1/query/timeseries?" + RANGE};
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            for (int i = 0; i < 3000; i++) {
                String path = paths[i % paths.length];
                String readKey = path.equals(minutes) ? BURST_READ_KEY : READ_KEY;
                out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + readKey + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readAnswer(in)).as("answer %d, to %s", i, path).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Reads one HTTP/1.1 answer with a Content-Length body; its status line. */
    private static String readAnswer(java.io.DataInputStream in) throws java.io.IOException {
        String status = null;
        int length = 0;
        for (String line = headerLine(in); !line.isEmpty(); line = headerLine(in)) {
            if (status == null) {
                status = line;
            }
            else if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readFully(new byte[length]);
        return status;
    }

    private static String headerLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("the connection closed mid-answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private JsonNode hot(String uri) {
        return query(HOT_READ_KEY, uri);
    }

    private JsonNode query(String readKey, String uri) {
        return JsonMapper.shared().readTree(http.get().uri(uri).header("Authorization", "Bearer " + readKey).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static double total(JsonNode series) {
        double total = 0;
        for (JsonNode one : series.path("series")) {
            for (JsonNode point : one.path("points")) {
                total += point.path("value").asDouble();
            }
        }
        return total;
    }

    @Test
    void everyReadEndpointNeedsTheTenantsReadKeyAndEveryAdminEndpointTheAdminKey() {
        for (String uri : new String[] {"/v1/query/timeseries?" + RANGE, "/v1/query/top?dimension=country&" + RANGE,
            "/v1/query/funnel?steps=View,Buy&" + RANGE, "/v1/query/freshness", "/v1/count?event=View", "/v1/leaderboards",
            "/v1/live"}) {
            for (String authorization : new String[] {null, "Bearer " + WRITE_KEY, "Bearer " + ADMIN_KEY, "Bearer nope",
                "Basic " + READ_KEY}) {
                WebTestClient.RequestHeadersSpec<?> request = http.get().uri(uri);
                if (authorization != null) {
                    request = request.header("Authorization", authorization);
                }
                request.exchange().expectStatus().isUnauthorized()
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }
        for (String authorization : new String[] {null, "Bearer " + READ_KEY, "Bearer " + WRITE_KEY}) {
            WebTestClient.RequestHeadersSpec<?> list = http.get().uri("/admin/v1/tenants/" + TENANT + "/leaderboards");
            WebTestClient.RequestHeadersSpec<?> delete = http.delete().uri("/admin/v1/tenants/" + TENANT + "/users/u1");
            if (authorization != null) {
                list = list.header("Authorization", authorization);
                delete = delete.header("Authorization", authorization);
            }
            list.exchange().expectStatus().isUnauthorized();
            delete.exchange().expectStatus().isUnauthorized();
        }
        http.get().uri("/admin/v1/tenants/" + TENANT + "/leaderboards").header("Authorization", "Bearer " + ADMIN_KEY)
                .exchange().expectStatus().isOk();
    }

    @Test
    void theApiIsDescribedAndTheDashboardServedWithoutAKey() {
        http.get().uri("/openapi.yaml").exchange().expectStatus().isOk().expectBody(String.class)
                .value(yaml -> assertThat(yaml).contains("/v1/query/timeseries:", "/v1/query/funnel:", "/v1/live:",
                        "/v1/leaderboards/{name}/members/{member}:", "/admin/v1/tenants/{tenant}/users/{userId}:"));
        http.get().uri("/dashboard.html").exchange().expectStatus().isOk().expectBody(String.class)
                .value(html -> assertThat(html).contains("new EventSource('/v1/live?readKey="));
    }

    @Test
    void badQueriesGetAProblemAndNoTenantSeesAnotherOnesData() {
        get("/v1/query/timeseries?groupBy=planet&" + RANGE).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("invalid_request");
        get("/v1/query/timeseries?interval=minute&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z")
                .expectStatus().isBadRequest();
        get("/v1/query/timeseries?metric=sum&measure=x'%20OR%201=1&" + RANGE).expectStatus().isBadRequest();
        // a value is bound, never part of the SQL: this is just a country nobody is in
        get("/v1/query/timeseries?country=DE'%20OR%20'1'='1&" + RANGE).expectStatus().isOk().expectBody()
                .jsonPath("$.series.length()").isEqualTo(0);
        http.get().uri("/v1/query/timeseries?" + RANGE).exchange().expectStatus().isUnauthorized();
        http.get().uri("/v1/query/timeseries?" + RANGE).header("Authorization", "Bearer " + OTHER_READ_KEY).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.series.length()").isEqualTo(0);
    }

    private WebTestClient.ResponseSpec get(String uri) {
        return http.get().uri(uri).header("Authorization", "Bearer " + READ_KEY).exchange();
    }
}
