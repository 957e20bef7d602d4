package dev.pulse.ingestion.capture;

import dev.pulse.model.EventKeys;
import dev.pulse.model.FirstSeen;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The first-seen store in Redis: for each (tenant, messageId) already stored in Kafka, where it was stored. Ingestion
 * asks it before publishing and writes to it after Kafka acknowledged, so an event is only ever reported as a
 * duplicate of a copy that is durable. When Redis does not answer in time the events are published anyway:
 * enrichment deduplicates them against the same store.
 */
@Component
class FirstSeenStore {

    private static final Logger log = LoggerFactory.getLogger(FirstSeenStore.class);

    /** SET key location NX PX window, for every key; the window is the last argument. */
    private static final RedisScript<Long> SET_ALL_IF_ABSENT = RedisScript.of("""
            local window = ARGV[#ARGV]
            for i, key in ipairs(KEYS) do
              redis.call('SET', key, ARGV[i], 'NX', 'PX', window)
            end
            return #KEYS
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final CaptureProperties properties;

    FirstSeenStore(ReactiveStringRedisTemplate redis, CaptureProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** The messageIds among {@code messageIds} already stored for {@code tenant}. */
    Mono<Set<String>> seen(String tenant, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        // one tenant's keys share a hash slot, so a single MGET works on Redis Cluster too
        return redis.opsForValue().multiGet(messageIds.stream().map(id -> EventKeys.firstSeenKey(tenant, id)).toList())
                .map(values -> {
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < values.size(); i++) {
                        if (values.get(i) != null) {
                            seen.add(messageIds.get(i));
                        }
                    }
                    return seen;
                })
                .transform(Timeouts.within(properties.dedupTimeout(), "first-seen lookup"))
                .onErrorResume(ex -> {
                    log.warn("First-seen store unavailable ({}); publishing without the ingestion-side duplicate check",
                            ex.toString());
                    return Mono.just(Set.of());
                });
    }

    /**
     * Records where each messageId was stored, unless an earlier copy is already recorded: one script call per
     * request (a tenant's keys share a hash slot, so Redis Cluster runs it too), not a command per event.
     */
    Mono<Void> remember(String tenant, Map<String, FirstSeen> stored) {
        if (stored.isEmpty()) {
            return Mono.empty();
        }
        List<String> keys = new ArrayList<>(stored.size());
        List<String> locations = new ArrayList<>(stored.size() + 1);
        stored.forEach((messageId, location) -> {
            keys.add(EventKeys.firstSeenKey(tenant, messageId));
            locations.add(location.encode());
        });
        locations.add(Long.toString(properties.dedupWindow().toMillis()));
        return redis.execute(SET_ALL_IF_ABSENT, keys, locations)
                .then()
                .transform(Timeouts.within(properties.dedupTimeout(), "first-seen record"))
                .onErrorResume(ex -> {
                    log.warn("Could not record {} first-seen locations ({}); a client retry of them will be deduplicated "
                            + "by enrichment instead", stored.size(), ex.toString());
                    return Mono.empty();
                });
    }
}
