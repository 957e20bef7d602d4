package dev.pulse.enrichment.dedup;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Deduplication by (tenant, messageId).
 *
 * @param window how long a messageId is remembered; ingestion should use the same window
 * @param cacheSize decisions held in memory in front of Redis
 * @param cacheTtl how long a decision is held in memory; short, because another instance may release a key (a
 *        dead letter) that this one still remembers
 */
@Validated
@ConfigurationProperties("pulse.dedup")
public record DedupProperties(
        @NotNull @DefaultValue("24h") Duration window,
        @Min(0) @DefaultValue("20000") long cacheSize,
        @NotNull @DefaultValue("10m") Duration cacheTtl) {
}
