package dev.pulse.enrichment.pipeline;

import dev.pulse.model.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Batch sizes and times ({@code pulse.enrichment.batch.records}, {@code pulse.enrichment.batch}) and the outcomes of
 * raw records per tenant: {@code pulse.enrichment.events{tenant, outcome, reason}}. Tenants were
 * authenticated by ingestion, reasons are a fixed set, so the tags stay bounded; a record without a tenant counts
 * under {@code unknown}.
 */
@Component
class EnrichmentMetrics {

    private final MeterRegistry registry;
    /** Counters by tenant, outcome and reason: looked up once, not built again for every event. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    private final DistributionSummary batchRecords;
    private final Timer batchTime;

    EnrichmentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchRecords = DistributionSummary.builder("pulse.enrichment.batch.records")
                .description("raw records per consumed batch").baseUnit("records").register(registry);
        this.batchTime = Timer.builder("pulse.enrichment.batch")
                .description("one batch from its records' arrival to its outputs handed to the transaction")
                .publishPercentileHistogram().register(registry);
    }

    void batch(int records, long nanos) {
        batchRecords.record(records);
        batchTime.record(nanos, TimeUnit.NANOSECONDS);
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
