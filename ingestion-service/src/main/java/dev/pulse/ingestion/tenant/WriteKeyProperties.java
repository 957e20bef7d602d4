package dev.pulse.ingestion.tenant;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How write keys registered in Redis are looked up. Keys configured under {@code pulse.tenants} need no lookup.
 *
 * @param cacheTtl how long an answer from Redis is used before it is asked again: a revoked key stops working, and
 *        a new one starts working, within about this time
 * @param lookupTimeout longest wait for Redis when a key is not cached; past it the request gets 503
 * @param maxCached most keys held in the local cache
 */
@Validated
@ConfigurationProperties("pulse.write-keys")
public record WriteKeyProperties(
        @NotNull @DefaultValue("5s") Duration cacheTtl,
        @NotNull @DefaultValue("250ms") Duration lookupTimeout,
        @Min(1) @DefaultValue("100000") long maxCached) {
}
