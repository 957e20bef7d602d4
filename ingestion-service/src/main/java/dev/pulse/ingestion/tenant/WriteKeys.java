package dev.pulse.ingestion.tenant;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.model.EventKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves the tenant of a request from its write key, given as HTTP Basic user name (Segment's convention), as a
 * Bearer token, or as {@code writeKey} in the body.
 * <p>
 * A key is looked up in configuration ({@code pulse.tenants.<id>.write-key}, as in the local profile), then in Redis
 * ({@link EventKeys#writeKeyOwner(String)}, as in production). Answers from Redis, including "unknown", are cached
 * and refreshed in the background after {@link WriteKeyProperties#cacheTtl()}: a revoked key stops working within
 * seconds, and the event path never waits for Redis for a key it has seen. While Redis is unreachable the last
 * answer stands, so known clients keep sending; a key never seen before then gets 503.
 */
@Component
public class WriteKeys {

    private static final Logger log = LoggerFactory.getLogger(WriteKeys.class);

    /** Tenant ids become parts of Kafka and Redis keys, so only plain ones are accepted from Redis. */
    private static final Pattern TENANT_ID = Pattern.compile(EventKeys.TENANT_ID);

    private final Map<String, String> configured;
    private final AsyncLoadingCache<String, Optional<String>> registered;

    WriteKeys(TenantProperties tenants, WriteKeyProperties properties, ReactiveStringRedisTemplate redis) {
        this.configured = tenants.tenants().entrySet().stream()
                .filter(tenant -> tenant.getValue().writeKey() != null)
                .collect(Collectors.toUnmodifiableMap(tenant -> tenant.getValue().writeKey(), Map.Entry::getKey));
        this.registered = Caffeine.newBuilder()
                .maximumSize(properties.maxCached())
                .refreshAfterWrite(properties.cacheTtl())
                // a key nobody used for a while is asked afresh, not refreshed forever
                .expireAfterAccess(properties.cacheTtl().multipliedBy(60))
                .buildAsync(new RedisLookup(redis, properties));
    }

    /**
     * The tenant owning the write key of a request: from its {@code Authorization} header, else from the body's
     * {@code writeKey} field. Fails with {@link UnknownWriteKeyException} (401) when there is none or no tenant owns
     * it, with {@link KeyStoreUnavailableException} (503) when it could not be looked up.
     */
    public Mono<String> tenantOf(String authorization, String bodyWriteKey) {
        String key = writeKey(authorization);
        if (key == null || key.isEmpty()) {
            key = bodyWriteKey;
        }
        if (key == null || key.isEmpty()) {
            return Mono.error(new UnknownWriteKeyException("a write key is required: send it as HTTP Basic user name, "
                    + "as a Bearer token or as 'writeKey' in the body"));
        }
        String tenant = configured.get(key);
        if (tenant != null) {
            return Mono.just(tenant);
        }
        String lookedUp = key;
        return Mono.fromFuture(() -> registered.get(lookedUp), true)
                .onErrorMap(ex -> new KeyStoreUnavailableException("the write key could not be checked right now", ex))
                .flatMap(owner -> owner.map(Mono::just)
                        .orElseGet(() -> Mono.error(new UnknownWriteKeyException("the write key is not known"))));
    }

    static String writeKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return colon < 0 ? credentials : credentials.substring(0, colon);
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }
        return null;
    }

    /** Asks Redis who owns a key; on a failed refresh keeps the previous answer. */
    private record RedisLookup(ReactiveStringRedisTemplate redis, WriteKeyProperties properties)
            implements AsyncCacheLoader<String, Optional<String>> {

        @Override
        public CompletableFuture<Optional<String>> asyncLoad(String key, Executor executor) {
            return redis.opsForValue().get(EventKeys.writeKeyOwner(key))
                    .map(RedisLookup::tenantId)
                    .defaultIfEmpty(Optional.empty())
                    .timeout(properties.lookupTimeout())
                    .toFuture();
        }

        @Override
        public CompletableFuture<Optional<String>> asyncReload(String key, Optional<String> previous, Executor executor) {
            return asyncLoad(key, executor).exceptionally(ex -> {
                log.warn("Could not refresh a write key from Redis ({}); its last answer stands", ex.toString());
                return previous;
            });
        }

        private static Optional<String> tenantId(String value) {
            if (TENANT_ID.matcher(value).matches()) {
                return Optional.of(value);
            }
            log.warn("A write key in Redis names an invalid tenant id; the key is treated as unknown");
            return Optional.empty();
        }
    }
}
