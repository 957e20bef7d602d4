package dev.pulse.ingestion.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-tenant rate limits on captured events, enforced by each pod on its own (a deployment's limit is the pod's
 * limit times the replicas; no shared state sits on the event path).
 *
 * @param defaults the limit of every tenant not listed under {@code tenants}
 * @param tenants limits of single tenants, by tenant id
 */
@Validated
@ConfigurationProperties("pulse.rate-limit")
public record RateLimitProperties(
        @Valid @NotNull @DefaultValue Limit defaults,
        @NotNull @DefaultValue Map<String, @Valid Limit> tenants) {

    /** The limit for one tenant. */
    public Limit limitOf(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    /**
     * A token bucket counted in events.
     *
     * @param eventsPerSecond sustained rate; 0 switches the limit off
     * @param burst most events accepted at once from a full bucket; at least one full request (2,500 events)
     */
    public record Limit(@Min(0) @DefaultValue("100000") long eventsPerSecond,
            @Min(2500) @DefaultValue("200000") long burst) {

        public boolean unlimited() {
            return eventsPerSecond == 0;
        }
    }
}
