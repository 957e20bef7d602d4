package dev.pulse.enrichment.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.model.EventKeys;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.util.function.Tuples;

/**
 * Campaign metadata (advertiser, channel, …) kept by the tenant in Redis as a hash per campaign name, at
 * {@link EventKeys#campaignKey}. A batch first {@link #prefetch fetches} what it misses, all at once and
 * within a time limit; each event then reads the local cache. What Redis did not answer in time is missing, and the
 * event goes on marked as partially enriched: a slow Redis never blocks the partition.
 */
@Component
public class ReferenceData {

    private static final Logger log = LoggerFactory.getLogger(ReferenceData.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;
    private final Cache<Campaign, Optional<Map<String, String>>> cache;

    public ReferenceData(ReactiveStringRedisTemplate redis, EnrichmentProperties properties) {
        this.redis = redis;
        this.timeout = properties.referenceTimeout();
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(properties.referenceRefresh()).build();
        warmUp();
    }

    /** Connects before the first batch, so its short time limit is not spent on the connection. */
    private void warmUp() {
        try (var connection = redis.getConnectionFactory().getReactiveConnection()) {
            connection.ping().block(Duration.ofSeconds(5));
        }
        catch (RuntimeException ex) {
            log.warn("Redis did not answer at start-up ({}); reference data comes when it does", ex.toString());
        }
    }

    /** A campaign of a tenant. */
    public record Campaign(String tenant, String name) {
    }

    /**
     * Loads the campaigns not cached yet, one pipelined round trip, waiting at most the reference timeout; those
     * without an answer by then stay unknown.
     */
    public void prefetch(Collection<Campaign> campaigns) {
        List<Campaign> missing = campaigns.stream().distinct().filter(campaign -> cache.getIfPresent(campaign) == null)
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<Campaign, Map<String, String>> loaded = new HashMap<>();
        try {
            Flux.fromIterable(missing)
                    .flatMap(campaign -> redis.<String, String>opsForHash().entries(key(campaign))
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                            .map(values -> Tuples.of(campaign, values)))
                    .take(timeout)
                    .doOnNext(answer -> loaded.put(answer.getT1(), answer.getT2()))
                    .blockLast(timeout.plusSeconds(1));
        }
        catch (RuntimeException ex) {
            log.warn("Reference data could not be read from Redis ({}); events go on partially enriched", ex.toString());
        }
        loaded.forEach((campaign, values) -> cache.put(campaign, values.isEmpty() ? Optional.empty() : Optional.of(values)));
    }

    /**
     * A campaign's metadata: present, empty when Redis has none, or null when it is not known (Redis did not answer
     * in time).
     */
    public Optional<Map<String, String>> lookup(Campaign campaign) {
        return cache.getIfPresent(campaign);
    }

    private static String key(Campaign campaign) {
        return EventKeys.campaignKey(campaign.tenant(), campaign.name());
    }
}
