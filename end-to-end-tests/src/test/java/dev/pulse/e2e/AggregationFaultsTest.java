package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import dev.pulse.stack.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregation service in its own JVM on the real engines, while things break: enriched events stream in, and
 * afterwards ClickHouse's rows and rollups and Redis' minute counters each hold every event exactly once.
 */
class AggregationFaultsTest {

    private static final int EVENTS = 30_000;
    private static final String SERVICE = "aggregation-service";

    private final PulseServices services = new PulseServices(TestEngines.get(), Path.of("target", "services"));
    private final String tenant = "agg" + UUID.randomUUID().toString().replace("-", "");
    private final String database = "faults_" + UUID.randomUUID().toString().replace("-", "");
    /** Event times: one per 20 ms over the ten minutes starting half an hour ago, so most minutes close. */
    private final Instant start = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
    private final Map<String, String> properties = Map.of(
            "pulse.clickhouse.database", database,
            "pulse.reconciliation.interval", "2s",
            // a killed member's partitions move after the session timeout: shorter than the 45 s default
            "spring.kafka.consumer.properties.session.timeout.ms", "10000",
            "spring.kafka.consumer.properties.heartbeat.interval.ms", "2000");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopServices() {
        services.stop();
        TestEngines.get().start("clickhouse");
        TestEngines.get().start("redis");
    }

    @Test
    void killedMidStreamAndRestartedItStoresAndCountsEveryEventOnce() throws Exception {
        services.startInstance("aggregation", SERVICE, List.of("-Xmx256m"), properties);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(0, EVENTS));
        await().atMost(Duration.ofSeconds(120)).until(() -> storedEvents() >= EVENTS / 5);

        services.kill("aggregation");
        services.startInstance("aggregation", SERVICE, List.of("-Xmx256m"), properties);
        sending.join();

        assertEveryEventCountedOnce(EVENTS);
    }

    @Test
    void clickHouseStoppedForThirtySecondsAndRedisLosingEverythingLeaveNothingLostOrDoubled() throws Exception {
        services.startInstance("aggregation", SERVICE, List.of("-Xmx256m"), properties);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> send(0, EVENTS / 2));
        await().atMost(Duration.ofSeconds(120)).until(() -> storedEvents() >= EVENTS / 10);

        TestEngines.get().stop("clickhouse", true);
        sending.join();
        // ClickHouse is down while the rest of the stream arrives: Kafka holds it, Redis goes on counting
        await().atMost(Duration.ofSeconds(60)).until(() -> redisCount() == EVENTS / 2);
        pause(Duration.ofSeconds(30));
        TestEngines.get().start("clickhouse");
        await().atMost(Duration.ofSeconds(120)).until(() -> storedEvents() == EVENTS / 2);

        // Redis restarts empty (no persistence here): the minutes it had counted are gone until reconciliation
        TestEngines.get().stop("redis", false);
        TestEngines.get().start("redis");
        send(EVENTS / 2, EVENTS);

        assertEveryEventCountedOnce(EVENTS);
    }

    private void assertEveryEventCountedOnce(int events) throws Exception {
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(storedEvents()).isEqualTo(events));
        assertThat(clickHouse("SELECT uniqExact(message_id) FROM " + database + ".events WHERE tenant = '" + tenant + "'"))
                .isEqualTo(Integer.toString(events));
        // the rollups agree with the rows: at once after a redelivery, or once the rollup audit (every 2 s here)
        // rebuilt a minute a crash left without its rollup rows
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(clickHouse("SELECT countMerge(events) FROM " + database + ".events_minute WHERE tenant = '" + tenant
                    + "'")).isEqualTo(Integer.toString(events));
            assertThat(clickHouse("SELECT sumMerge(total) FROM " + database + ".events_minute_measures WHERE tenant = '"
                    + tenant + "' AND measure = 'revenue'")).isEqualTo(Long.toString(revenue(events)));
        });
        // every minute closed by now agrees in Redis, after reconciliation repaired what Redis lost
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (int minute = 0; minute < 10; minute++) {
                Instant at = start.plus(Duration.ofMinutes(minute));
                long first = Math.min(events, minute * 3_000L);
                long last = Math.min(events, (minute + 1) * 3_000L);
                if (at.plus(Duration.ofMinutes(3)).isBefore(start.plusMillis(20L * events))) {
                    Map<Object, Object> counters = TestRedis.template().opsForHash().entries(
                            "pulse:{" + tenant + "}:minute:" + at.getEpochSecond());
                    assertThat(counters).as("minute %d", minute)
                            .containsEntry("count:Played", Long.toString(last - first));
                }
            }
        });
        assertThat(redisCount()).isEqualTo(events);
    }

    /** What Redis counted for the tenant over all its minutes. */
    private long redisCount() {
        long total = 0;
        for (int minute = 0; minute < 10; minute++) {
            Object count = TestRedis.template().opsForHash().get(
                    "pulse:{" + tenant + "}:minute:" + start.plus(Duration.ofMinutes(minute)).getEpochSecond(), "count:Played");
            total += count == null ? 0 : Long.parseLong(count.toString());
        }
        return total;
    }

    private long storedEvents() throws Exception {
        String count = clickHouse("SELECT count() FROM " + database + ".events WHERE tenant = '" + tenant + "'");
        return count.matches("\\d+") ? Long.parseLong(count) : -1;
    }

    /** Revenue of the events {@code [0, events)}: event i has revenue i % 100. */
    private static long revenue(int events) {
        long total = 0;
        for (int i = 0; i < events; i++) {
            total += i % 100;
        }
        return total;
    }

    /** Streams events {@code [from, to)} onto the enriched topic over several seconds, as enrichment would. */
    private void send(int from, int to) {
        EventCodec codec = new EventCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                Instant at = start.plusMillis(20L * i);
                String user = "u" + (i % 97);
                RawEvent event = new RawEvent(tenant, EventType.TRACK, "Played", null, user, null, "m-" + i, at, at, at,
                        Map.of("revenue", i % 100), null, null, null, null);
                Enrichments enrichments = new Enrichments(at, false, false,
                        new Enrichments.Geo(i % 3 == 0 ? "DE" : "NL", null, null, null, null), null, null, null, "direct",
                        null, false);
                producer.send(new ProducerRecord<>(Topics.ENRICHED, tenant + ":" + user,
                        codec.encode(EnrichedEvent.of(event, at, enrichments))));
                if (i % 1000 == 999) {
                    producer.flush();
                    pause(Duration.ofMillis(100));
                }
            }
        }
    }

    /** Waits on purpose: pacing the stream, or keeping an engine down for as long as the scenario says. */
    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private String clickHouse(String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestEngines.get().clickHouseUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.body().trim();
    }
}
