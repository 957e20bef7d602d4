package dev.pulse.enrichment.pipeline;

import dev.pulse.model.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Outcomes of raw records per tenant: {@code pulse.enrichment.events{tenant, outcome, reason}}. Tenants were
 * authenticated by ingestion, reasons are a fixed set, so the tags stay bounded; a record without a tenant counts
 * under {@code unknown}.
 */
@Component
class EnrichmentMetrics {

    private final MeterRegistry registry;
    /** Counters by tenant, outcome and reason: looked up once, not built again for every event. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    EnrichmentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void enriched(String tenant) {
        counter(tenant, "enriched", "none").increment();
    }

    void duplicate(String tenant) {
        counter(tenant, "duplicate", "none").increment();
    }

    void deadLetter(String tenant, DeadLetterReason reason) {
        counter(tenant, "dead_letter", reason.name().toLowerCase(Locale.ROOT)).increment();
    }

    private Counter counter(String tenant, String outcome, String reason) {
        String tenantTag = tenant == null ? "unknown" : tenant;
        return counters.computeIfAbsent(List.of(tenantTag, outcome, reason), key -> Counter
                .builder("pulse.enrichment.events").description("raw records by outcome")
                .tag("tenant", tenantTag).tag("outcome", outcome).tag("reason", reason)
                .register(registry));
    }
}
