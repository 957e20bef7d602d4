package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import dev.pulse.stack.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Things break while steady traffic from the benchmark's generator flows through all three services (each in its
 * own JVM, on the real engines): a broker killed, ClickHouse or Redis stopped, each service killed mid-batch, a
 * rolling restart. After each scenario the messageIds ingestion acknowledged with 2xx are exactly the ones stored in
 * ClickHouse (none lost, none doubled) and Redis agrees with ClickHouse for every closed minute. Each scenario has a
 * tenant of its own; the table of what was sent, acknowledged, stored, lost and doubled, and how long the pipeline
 * took to catch up (from the fault's end until every event acknowledged before it is stored), is printed and written
 * to {@code target/fault-report.md}.
 * <p>
 * Every scenario runs with the tests; the ones tagged {@code long-faults} (ClickHouse down for a minute, a rolling
 * restart) only from {@code bin/pulse faults}, which runs them all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultScenariosTest {

    private static final Duration BATCH_INTERVAL = Duration.ofMillis(100);
    private static final List<String> JVM = List.of("-Xmx384m");
    private static final String DATABASE = "faults_" + UUID.randomUUID().toString().replace("-", "");
    private static final List<Row> REPORT = new ArrayList<>();
    private static final Map<String, String> WRITE_KEYS = new LinkedHashMap<>();
    private static final Map<String, String> PROPERTIES = new HashMap<>();
    private static PulseServices services;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One line of the report. */
    record Row(String scenario, long sent, long acknowledged, long stored, long lost, long duplicated,
            long answeredDuplicate, long rejected, long retries, Duration recovered) {
    }

    @BeforeAll
    static void startPipeline() {
        for (String scenario : List.of("kafka", "clickhouse", "redis", "ingestion", "enrichment", "aggregation",
                "rolling")) {
            String tenant = "fault" + scenario + UUID.randomUUID().toString().substring(0, 6);
            WRITE_KEYS.put(scenario, tenant);
            PROPERTIES.put("pulse.tenants." + tenant + ".write-key", "write-" + tenant);
        }
        PROPERTIES.putAll(Map.of(
                "pulse.clickhouse.database", DATABASE,
                "pulse.enrichment.geo-database", System.getProperty("pulse.enrichment.geo-database"),
                "pulse.rate-limit.defaults.events-per-second", "0",
                // minutes close (and are reconciled) seconds after the traffic passes them, not minutes
                "pulse.rollups.lateness", "5s",
                "pulse.reconciliation.interval", "2s",
                // a killed member's partitions move after the session timeout: shorter than the 45 s default
                "spring.kafka.consumer.properties.session.timeout.ms", "10000",
                "spring.kafka.consumer.properties.heartbeat.interval.ms", "2000"));
        services = new PulseServices(TestEngines.get(), Path.of("target", "services"));
        services.start(PulseServices.ALL, JVM, PROPERTIES);
    }

    @AfterAll
    static void stopPipelineAndReport() throws IOException {
        if (services != null) {
            services.stop();
        }
        TestEngines.get().start("kafka");
        TestEngines.get().start("clickhouse");
        TestEngines.get().start("redis");
        StringBuilder table = new StringBuilder("""
                | scenario | events sent | acknowledged (distinct messageIds) | stored | lost | duplicated | answered as duplicate (re-sent) | rejected (malformed) | batches retried | time to recover |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (Row row : REPORT) {
            table.append("| %s | %,d | %,d | %,d | %d | %d | %,d | %,d | %,d | %.1f s |%n".formatted(row.scenario(),
                    row.sent(), row.acknowledged(), row.stored(), row.lost(), row.duplicated(), row.answeredDuplicate(),
                    row.rejected(), row.retries(), row.recovered().toMillis() / 1000.0));
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "fault-report.md"), table);
    }

    @Test
    @Order(1)
    void kafkaBrokerKilledForTwentySeconds() throws Exception {
        engineDown("kafka", "Kafka broker SIGKILLed for 20 s, restarted", false, Duration.ofSeconds(20));
    }

    @Test
    @Order(2)
    @Tag("long-faults")
    void clickHouseStoppedForSixtySeconds() throws Exception {
        engineDown("clickhouse", "ClickHouse stopped for 60 s", true, Duration.ofSeconds(60));
    }

    @Test
    @Order(3)
    void redisStoppedForThirtySeconds() throws Exception {
        // no persistence here: Redis comes back empty, and reconciliation refills the closed minutes
        engineDown("redis", "Redis stopped for 30 s (back empty)", true, Duration.ofSeconds(30));
    }

    @Test
    @Order(4)
    void ingestionKilledMidBatch() throws Exception {
        killed("ingestion", "ingestion-service");
    }

    @Test
    @Order(5)
    void enrichmentKilledMidBatch() throws Exception {
        killed("enrichment", "enrichment-service");
    }

    @Test
    @Order(6)
    void aggregationKilledMidBatch() throws Exception {
        killed("aggregation", "aggregation-service");
    }

    @Test
    @Order(7)
    @Tag("long-faults")
    void rollingRestartOfAllThree() throws Exception {
        scenario("rolling", "rolling restart of all three (SIGTERM, start, next)", () -> {
            for (String service : PulseServices.ALL) {
                services.stop(service);
                services.startInstance(service, service, JVM, PROPERTIES);
            }
        });
    }

    /** An engine stopped ({@code graceful}) or killed, kept down for {@code down}, started again. */
    private void engineDown(String engine, String name, boolean graceful, Duration down) throws Exception {
        scenario(engine, name, () -> {
            TestEngines.get().stop(engine, graceful);
            pause(down);
            TestEngines.get().start(engine);
        });
    }

    private void killed(String scenario, String service) throws Exception {
        scenario(scenario, service + " SIGKILLed mid-batch, restarted", () -> {
            services.kill(service);
            services.startInstance(service, service, JVM, PROPERTIES);
        });
    }

    /**
     * Steady load before, during and after {@code fault}; then every acknowledged event must be stored once, nothing
     * else stored, and Redis must agree with ClickHouse minute by minute.
     */
    private void scenario(String key, String name, Fault fault) throws Exception {
        String tenant = WRITE_KEYS.get(key);
        try (SteadyLoad load = new SteadyLoad(() -> services.http("ingestion-service", "/v1/batch"),
                "write-" + tenant, key + "-", key.hashCode())) {
            load.start(BATCH_INTERVAL);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= 1_500);

            fault.inject();
            long restored = System.nanoTime();
            int acknowledgedBeforeRestore = load.acknowledgedCount();
            // the traffic goes on after the fault; time to recover: until everything acknowledged before it is stored
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                    .until(() -> stored(tenant) >= acknowledgedBeforeRestore);
            Duration recovered = Duration.ofNanos(System.nanoTime() - restored);
            int before = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= before + 1_000);
            load.finish(Duration.ofSeconds(60));

            Set<String> acknowledged = load.acknowledged();
            await().atMost(Duration.ofSeconds(180)).until(() -> stored(tenant) >= acknowledged.size());
            List<String> storedIds = List.of(clickHouse("SELECT message_id FROM " + DATABASE + ".events WHERE tenant = '"
                    + tenant + "'").split("\n"));
            Set<String> distinct = new HashSet<>(storedIds);
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(distinct);
            Set<String> unacknowledged = new HashSet<>(distinct);
            unacknowledged.removeAll(acknowledged);
            REPORT.add(new Row(name, load.sent(), acknowledged.size(), storedIds.size(), lost.size(),
                    storedIds.size() - distinct.size(), load.duplicates(), load.rejected(), load.retries(), recovered));

            assertThat(lost).as("acknowledged but not stored").isEmpty();
            assertThat(storedIds).as("stored more than once").doesNotHaveDuplicates();
            assertThat(unacknowledged).as("stored but never acknowledged").isEmpty();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertRedisAgreesForClosedMinutes(tenant));
        }
    }

    /** Each closed minute's count per event in Redis is ClickHouse's. */
    private void assertRedisAgreesForClosedMinutes(String tenant) throws Exception {
        long newest = Long.parseLong(clickHouse("SELECT toUnixTimestamp(max(derived_timestamp)) FROM " + DATABASE
                + ".events WHERE tenant = '" + tenant + "'"));
        String rows = clickHouse("SELECT toUnixTimestamp(toStartOfMinute(derived_timestamp)) AS minute, event, count() FROM "
                + DATABASE + ".events WHERE tenant = '" + tenant + "' GROUP BY minute, event ORDER BY minute");
        int compared = 0;
        for (String row : rows.split("\n")) {
            String[] fields = row.split("\t");
            long minute = Long.parseLong(fields[0]);
            if (minute + 60 + 5 > newest) {
                continue; // not closed yet
            }
            Object counted = TestRedis.template().opsForHash().get("pulse:{" + tenant + "}:minute:" + minute,
                    "count:" + fields[1]);
            assertThat(counted).as("minute %d, event %s", minute, fields[1]).isEqualTo(fields[2]);
            compared++;
        }
        assertThat(compared).as("closed minutes compared").isPositive();
    }

    private long stored(String tenant) throws Exception {
        String count = clickHouse("SELECT count() FROM " + DATABASE + ".events WHERE tenant = '" + tenant + "'");
        return count.matches("\\d+") ? Long.parseLong(count) : -1;
    }

    private String clickHouse(String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestEngines.get().clickHouseUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    /** Keeps an engine down for as long as the scenario says. */
    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }
}
