package dev.pulse.ingestion.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** One in-memory token bucket per tenant (Bucket4j), lock-free, counted in events. */
@Component
public class TenantRateLimits {

    private final RateLimitProperties properties;
    private final MeterRegistry meters;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TenantRateLimits(RateLimitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Takes {@code events} from the tenant's bucket; fails with {@link RateLimitedException} and takes nothing when
     * the bucket holds fewer. Tenants are authenticated before they get here, so the buckets stay bounded.
     */
    public Quota consume(String tenant, int events) {
        RateLimitProperties.Limit limit = properties.limitOf(tenant);
        if (limit.unlimited()) {
            return Quota.UNLIMITED;
        }
        Bucket bucket = buckets.computeIfAbsent(tenant, id -> Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                        .refillGreedy(limit.eventsPerSecond(), Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
        Quota quota = new Quota(limit.eventsPerSecond(), probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()));
        if (probe.isConsumed()) {
            return quota;
        }
        Counter.builder("pulse.ingestion.rate.limited").tag("tenant", tenant).baseUnit("events")
                .description("events refused by the tenant's rate limit").register(meters).increment(events);
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        throw new RateLimitedException(quota, Duration.ofSeconds(retryAfter), "the tenant's limit of "
                + limit.eventsPerSecond() + " events/s is used up; " + events + " events fit again in " + retryAfter + " s");
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
