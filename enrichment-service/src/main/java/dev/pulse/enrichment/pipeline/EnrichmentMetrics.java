package dev.pulse.enrichment.pipeline;

import dev.pulse.model.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Outcomes of raw records per tenant: {@code pulse.enrichment.events{tenant, outcome, reason}}. Tenants were
 * authenticated by ingestion, reasons are a fixed set, so the tags stay bounded; a record without a tenant counts
 * under {@code unknown}.
 */
@Component
class EnrichmentMetrics {

    private final MeterRegistry registry;

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
        return Counter.builder("pulse.enrichment.events").description("raw records by outcome")
                .tag("tenant", tenant == null ? "unknown" : tenant).tag("outcome", outcome).tag("reason", reason)
                .register(registry);
    }
}
