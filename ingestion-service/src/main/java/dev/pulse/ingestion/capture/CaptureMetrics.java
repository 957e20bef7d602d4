package dev.pulse.ingestion.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per-tenant capture metrics: events by outcome (and rejection code), request sizes, Kafka acknowledgement latency.
 * Tenants come from configuration and codes from a fixed set, so the tag values stay bounded.
 */
@Component
class CaptureMetrics {

    private final MeterRegistry registry;
    private final Timer kafkaAck;
    // meters are looked up once per tenant (and outcome), not built again for every request
    private final Map<String, DistributionSummary> requestEvents = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> requestBytes = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    CaptureMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.kafkaAck = Timer.builder("pulse.ingestion.kafka.ack")
                .description("time from sending a request's events to Kafka's acknowledgement of all of them")
                .publishPercentileHistogram().register(registry);
    }

    void record(String tenant, CaptureResult result, long bytes) {
        count(tenant, "accepted", "none", result.accepted().size());
        count(tenant, "duplicate", "none", result.duplicates().size());
        result.rejected().forEach(rejection -> count(tenant, "rejected", rejection.code(), 1));
        requestEvents.computeIfAbsent(tenant, key -> DistributionSummary.builder("pulse.ingestion.request.events")
                        .tag("tenant", key).description("events per capture request").register(registry))
                .record(result.accepted().size() + result.duplicates().size() + result.rejected().size());
        requestBytes.computeIfAbsent(tenant, key -> DistributionSummary.builder("pulse.ingestion.request.bytes")
                        .tag("tenant", key).baseUnit("bytes").description("event bytes per capture request")
                        .register(registry))
                .record(bytes);
    }

    void kafkaAck(Duration latency) {
        kafkaAck.record(latency);
    }

    void unavailable(String tenant, String code) {
        count(tenant, "unavailable", code, 1);
    }

    private void count(String tenant, String outcome, String code, int amount) {
        if (amount > 0) {
            counters.computeIfAbsent(List.of(tenant, outcome, code), key -> Counter.builder("pulse.ingestion.events")
                            .tag("tenant", tenant).tag("outcome", outcome).tag("code", code)
                            .description("captured events by outcome").register(registry))
                    .increment(amount);
        }
    }
}
