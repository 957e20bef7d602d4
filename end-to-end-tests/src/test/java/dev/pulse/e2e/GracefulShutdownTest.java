package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import dev.pulse.stack.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rolling restarts under load, each service in its own JVM: every service in turn gets SIGTERM while batches
 * stream through it, exits by itself within its grace period, and comes back. A client that sends each batch until
 * it is acknowledged then finds every event stored in ClickHouse and counted in Redis exactly once.
 */
class GracefulShutdownTest {

    private static final int BATCH = 50;
    /** A graceful stop must finish well before PulseServices' 30 s fallback to SIGKILL. */
    private static final Duration GRACE = Duration.ofSeconds(25);

    private final String tenant = "graceful" + UUID.randomUUID().toString().substring(0, 8);
    private final String writeKey = "write-" + UUID.randomUUID();
    private final String database = "graceful_" + UUID.randomUUID().toString().replace("-", "");
    private final PulseServices services = new PulseServices(TestEngines.get(), Path.of("target", "services"));
    private final Map<String, String> properties = Map.of(
            "pulse.tenants." + tenant + ".write-key", writeKey,
            "pulse.clickhouse.database", database,
            "pulse.enrichment.geo-database", System.getProperty("pulse.enrichment.geo-database"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retried = new AtomicInteger();
    /** The batch being sent; touched by the load thread only, then by the test after that thread stopped. */
    private Batch pending;

    @AfterEach
    void stopServices() {
        services.stop();
    }

    @Test
    void everyAcknowledgedEventIsCountedOnceAcrossARollingRestartOfAllThreeServices() throws Exception {
        services.start(PulseServices.ALL, List.of("-Xmx384m"), properties);
        // about 1,000 events a second, a batch every 50 ms, all through the restarts
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        load.scheduleAtFixedRate(this::sendBatch, 0, 50, TimeUnit.MILLISECONDS);

        for (String service : List.of("ingestion-service", "enrichment-service", "aggregation-service")) {
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 1_000);
            long started = System.nanoTime();
            services.stop(service);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("%s stopped by itself", service)
                    .isLessThan(GRACE);
            services.startInstance(service, service, List.of("-Xmx384m"), properties);
        }
        int before = acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 1_000);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        while (pending != null) {
            sendBatch();
        }

        int expected = acknowledged.size();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(clickHouse(
                "SELECT count() FROM " + database + ".events WHERE tenant = '" + tenant + "'"))
                .isEqualTo(Integer.toString(expected)));
        Set<String> stored = new HashSet<>(Arrays.asList(clickHouse(
                "SELECT message_id FROM " + database + ".events WHERE tenant = '" + tenant + "'").split("\n")));
        assertThat(stored).as("nothing acknowledged is missing, nothing else was stored").isEqualTo(acknowledged);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(TestRedis.template().opsForHash()
                .get("pulse:{" + tenant + "}:counts", "Restarted")).isEqualTo(Integer.toString(expected)));
        assertThat(retried.get()).as("batches sent again while ingestion restarted").isPositive();
    }

    /**
     * Sends the batch in hand, or a new one: as an SDK does, a batch is sent again with the same messageIds until
     * ingestion acknowledged it, so every event is eventually acknowledged and a copy that did reach Kafka before a
     * failed answer comes back as a duplicate, not as a second event.
     */
    private void sendBatch() {
        if (pending == null) {
            pending = newBatch();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            services.http("ingestion-service", "/v1/batch"))
                    .header("Authorization", "Bearer " + writeKey).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(pending.json())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                assertThat(response.body()).as("nothing of a 200 is rejected").contains("\"rejected\":[]");
                acknowledged.addAll(pending.ids());
                pending = null;
            }
            else {
                retried.incrementAndGet();
            }
        }
        catch (Exception ex) {
            // ingestion is restarting: the batch goes again
            retried.incrementAndGet();
        }
    }

    private static Batch newBatch() {
        List<String> ids = new ArrayList<>(BATCH);
        StringBuilder json = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < BATCH; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            json.append(i == 0 ? "" : ",").append("""
                    {"type":"track","event":"Restarted","userId":"u-%d","messageId":"%s"}""".formatted(i, id));
        }
        return new Batch(ids, json.append("]}").toString());
    }

    private record Batch(List<String> ids, String json) {
    }

    private String clickHouse(String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestEngines.get().clickHouseUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body().trim();
    }
}
