package dev.pulse.aggregation.leaderboard;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.aggregation.rollup.HotKeys;
import dev.pulse.model.EventCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's leaderboards: those in configuration, then those created through the admin endpoint (kept in Redis as
 * JSON). Cached per tenant and refreshed in the background, so the hot path does not read definitions per batch; a
 * new definition counts from the next refresh on.
 */
@Component
public class LeaderboardDefinitions {

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final Map<String, List<Leaderboard>> configured;
    private final AsyncLoadingCache<String, List<Leaderboard>> cache;

    public LeaderboardDefinitions(ReactiveStringRedisTemplate redis, EventCodec codec, LeaderboardProperties properties) {
        this.redis = redis;
        this.json = codec.mapper();
        this.configured = properties.tenants();
        this.cache = Caffeine.newBuilder()
                .refreshAfterWrite(properties.cacheTtl())
                .maximumSize(100_000)
                .buildAsync((tenant, executor) -> load(tenant).toFuture());
    }

    /** The tenant's leaderboards, configured ones first; a stored one cannot replace a configured one of its name. */
    public Mono<List<Leaderboard>> of(String tenant) {
        return Mono.fromFuture(cache.get(tenant));
    }

    /** One leaderboard by name, if the tenant has it. */
    public Mono<Leaderboard> named(String tenant, String name) {
        return of(tenant).flatMapIterable(list -> list).filter(board -> board.name().equals(name)).next();
    }

    /** Stores a definition; it counts events from the next refresh of every replica's cache on. */
    public Mono<Leaderboard> save(String tenant, Leaderboard leaderboard) {
        if (configured.getOrDefault(tenant, List.of()).stream().anyMatch(c -> c.name().equals(leaderboard.name()))) {
            return Mono.error(new ConfiguredLeaderboardException(leaderboard.name()));
        }
        return redis.<String, String>opsForHash()
                .put(HotKeys.leaderboardDefinitions(tenant), leaderboard.name(), json.writeValueAsString(leaderboard))
                .doOnSuccess(stored -> cache.synchronous().invalidate(tenant))
                .thenReturn(leaderboard);
    }

    /** Removes a stored definition (its rankings stay until they expire); false when there was none. */
    public Mono<Boolean> delete(String tenant, String name) {
        if (configured.getOrDefault(tenant, List.of()).stream().anyMatch(c -> c.name().equals(name))) {
            return Mono.error(new ConfiguredLeaderboardException(name));
        }
        return redis.opsForHash().remove(HotKeys.leaderboardDefinitions(tenant), name)
                .map(removed -> removed > 0)
                .doOnSuccess(removed -> cache.synchronous().invalidate(tenant));
    }

    private Mono<List<Leaderboard>> load(String tenant) {
        Map<String, Leaderboard> boards = new LinkedHashMap<>();
        configured.getOrDefault(tenant, List.of()).forEach(board -> boards.put(board.name(), board));
        return redis.<String, String>opsForHash().entries(HotKeys.leaderboardDefinitions(tenant))
                .doOnNext(entry -> boards.putIfAbsent(entry.getKey(), json.readValue(entry.getValue(), Leaderboard.class)))
                .then(Mono.fromSupplier(() -> List.copyOf(new ArrayList<>(boards.values()))));
    }

    /** A leaderboard defined in configuration cannot be changed or removed through the admin endpoint. */
    public static class ConfiguredLeaderboardException extends RuntimeException {

        ConfiguredLeaderboardException(String name) {
            super("leaderboard " + name + " is defined in configuration; change it there");
        }
    }
}
