package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.LocalStack;
import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What operators see of the running pipeline, each service in its own JVM: one request followed through all three
 * services by its trace (exported over OTLP to a collector in the test), readiness after warm-up, Prometheus
 * metrics on the management port only.
 */
class ObservabilityEndToEndTest {

    private static final String TENANT = "observed";
    private static final String WRITE_KEY = "observed-write-" + UUID.randomUUID();
    private static final String DATABASE = "obs_" + UUID.randomUUID().toString().replace("-", "");

    private static final HttpClient http = HttpClient.newHttpClient();
    private static TraceCollector collector;
    private static PulseServices services;

    @BeforeAll
    static void startPipeline() throws Exception {
        LocalStack stack = TestEngines.get();
        collector = new TraceCollector();
        services = new PulseServices(stack, Path.of("target", "services"));
        services.start(PulseServices.ALL, List.of("-Xmx384m"), Map.of(
                "pulse.tenants." + TENANT + ".write-key", WRITE_KEY,
                "pulse.clickhouse.database", DATABASE,
                "pulse.enrichment.geo-database", System.getProperty("pulse.enrichment.geo-database"),
                "management.tracing.export.enabled", "true",
                "management.tracing.sampling.probability", "1.0",
                "management.opentelemetry.tracing.export.otlp.endpoint", collector.endpoint()));
    }

    @AfterAll
    static void stopPipeline() {
        if (services != null) {
            services.stop();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void oneRequestIsTracedThroughAllThreeServices() throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(services.http("ingestion-service", "/v1/track"))
                .header("Authorization", "Bearer " + WRITE_KEY)
                .header("Content-Type", "application/json")
                // the caller's own trace: Pulse continues it
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"event":"Traced","userId":"u-1","messageId":"%s"}""".formatted(UUID.randomUUID())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        // spans arrive as each service exports them, in its own time
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(collector.trace(traceId)).extracting(TraceCollector.ReceivedSpan::service)
                    .contains("ingestion-service", "enrichment-service", "aggregation-service");
            assertThat(collector.trace(traceId)).extracting(TraceCollector.ReceivedSpan::name)
                    .contains("enrichment", "clickhouse-sink", "redis-counters");
        });
    }

    @Test
    void readinessWaitsForWarmUpAndActuatorIsOnTheManagementPortOnly() throws Exception {
        Map<String, List<String>> tasks = Map.of(
                "ingestion-service", List.of("codec", "http", "redis"),
                "enrichment-service", List.of("codec", "http", "redis", "enrichers"),
                "aggregation-service", List.of("codec", "http", "redis", "clickhouse-queries"));
        for (String service : PulseServices.ALL) {
            HttpResponse<String> readiness = get(services.management(service, "/actuator/health/readiness"));
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"warmUp\"");
            for (String task : tasks.get(service)) {
                assertThat(readiness.body()).as(service).contains("\"" + task + "\":\"done\"");
            }
            assertThat(get(services.http(service, "/actuator/health")).statusCode()).isEqualTo(404);
            assertThat(get(services.http(service, "/actuator/prometheus")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void everyServiceCompressesKafkaBatchesWithLz4sNativeBuild() throws Exception {
        // inside an executable jar lz4-java picks its Java build unless its native library was loaded first
        for (String service : PulseServices.ALL) {
            HttpResponse<String> info = get(services.management(service, "/actuator/info"));
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body()).as(service).contains("\"kafka\":{\"lz4\":\"native\"}");
        }
    }

    @Test
    void prometheusShowsEndToEndLatencyConsumerLagAndPerServiceTags() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(services.http("ingestion-service", "/v1/track"))
                .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"event":"Measured","userId":"u-2","messageId":"%s","properties":{"revenue":3}}"""
                        .formatted(UUID.randomUUID())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String aggregation = get(services.management("aggregation-service", "/actuator/prometheus")).body();
            assertThat(sample(aggregation, "pulse_pipeline_latency_seconds_count", "stage=\"stored\"")).isPositive();
            assertThat(sample(aggregation, "pulse_pipeline_latency_seconds_count", "stage=\"counted\"")).isPositive();
            assertThat(sample(aggregation, "pulse_sink_rows_total", "")).isPositive();
            assertThat(aggregation).contains("pulse_sink_insert_seconds_bucket", "pulse_hot_apply_seconds_bucket",
                    "kafka_consumer_fetch_manager_records_lag", "jvm_gc_pause_seconds");
            assertThat(aggregation).containsPattern("pulse_sink_rows_total\\{[^}]*service=\"aggregation-service\"");
        });
        String ingestion = get(services.management("ingestion-service", "/actuator/prometheus")).body();
        assertThat(sample(ingestion, "pulse_ingestion_events_total", "outcome=\"accepted\"")).isPositive();
        assertThat(ingestion).contains("pulse_ingestion_kafka_ack_seconds_bucket", "http_server_requests_seconds_bucket");
        String enrichment = get(services.management("enrichment-service", "/actuator/prometheus")).body();
        assertThat(sample(enrichment, "pulse_enrichment_events_total", "outcome=\"enriched\"")).isPositive();
        assertThat(enrichment).contains("pulse_enrichment_batch_records_count");
    }

    /** The sum of the samples of {@code metric} whose labels contain {@code label}. */
    private static double sample(String exposition, String metric, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(exposition);
        double sum = 0;
        while (matcher.find()) {
            if (matcher.group(1).contains(label)) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
