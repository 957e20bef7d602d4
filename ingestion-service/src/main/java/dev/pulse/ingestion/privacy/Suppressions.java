package dev.pulse.ingestion.privacy;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.ingestion.tenant.WriteKeyProperties;
import dev.pulse.model.EventKeys;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The users whose data a tenant had deleted (GDPR): their events are refused. The set lives in Redis
 * ({@link EventKeys#suppressedUsers}), written by the aggregation service's deletion endpoint, and is cached per
 * tenant with the write keys' refresh interval, so a deletion takes effect within seconds on every pod and the event
 * path does not wait for Redis. When Redis cannot be read the last known set stands; a pod that never read it (Redis
 * down since start-up) accepts events and keeps asking — refusing every tenant's traffic for an outage would be worse.
 */
@Component
public class Suppressions {

    private static final Logger log = LoggerFactory.getLogger(Suppressions.class);

    private final AsyncLoadingCache<String, Set<String>> suppressed;

    Suppressions(ReactiveStringRedisTemplate redis, WriteKeyProperties properties) {
        this.suppressed = Caffeine.newBuilder()
                .maximumSize(properties.maxCached())
                .refreshAfterWrite(properties.cacheTtl())
                .expireAfterAccess(properties.cacheTtl().multipliedBy(60))
                .buildAsync(new RedisLoader(redis, properties));
    }

    /** The tenant's suppressed user and anonymous ids. */
    public Mono<Set<String>> of(String tenant) {
        return Mono.fromFuture(suppressed.get(tenant));
    }

    private record RedisLoader(ReactiveStringRedisTemplate redis, WriteKeyProperties properties)
            implements AsyncCacheLoader<String, Set<String>> {

        @Override
        public CompletableFuture<Set<String>> asyncLoad(String tenant, Executor executor) {
            return read(tenant).onErrorResume(ex -> {
                log.warn("Could not read the suppressed users of {} from Redis ({}); asking again on the next request",
                        tenant, ex.toString());
                return Mono.just(Set.of());
            }).toFuture();
        }

        @Override
        public CompletableFuture<Set<String>> asyncReload(String tenant, Set<String> old, Executor executor) {
            return read(tenant).onErrorResume(ex -> Mono.just(old)).toFuture();
        }

        private Mono<Set<String>> read(String tenant) {
            return redis.opsForSet().members(EventKeys.suppressedUsers(tenant))
                    .collect(HashSet<String>::new, Set::add)
                    .map(Set::copyOf)
                    .timeout(properties.lookupTimeout());
        }
    }
}
