package dev.pulse.enrichment.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulse.model.EventKeys;
import dev.pulse.model.FirstSeen;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The first-seen store as enrichment uses it (ARCHITECTURE.md, "Dedup by first-seen location"): a raw record is a
 * duplicate only when its (tenant, messageId) was first stored at another Kafka location. A record re-delivered after
 * an aborted transaction or a rebalance finds its own location and is never a duplicate of itself.
 * <p>
 * One script call per tenant and batch claims every messageId at once (a tenant's keys share a hash slot, so this
 * works on Redis Cluster). Decisions are cached in memory: a location never changes while its key lives, so a
 * cached answer is the answer Redis would give.
 */
@Component
public class FirstSeenLedger {

    /**
     * For each key: SET it to its location if absent; answer 1 when the stored location is this record's own (just
     * set, or set by ingestion or an earlier attempt), 0 when another copy was first. The window is the last argument.
     */
    private static final RedisScript<List> CLAIM = RedisScript.of("""
            local window = ARGV[#ARGV]
            local first = {}
            for i, key in ipairs(KEYS) do
              local stored = redis.call('SET', key, ARGV[i], 'NX', 'PX', window, 'GET')
              if (not stored) or stored == ARGV[i] then first[i] = 1 else first[i] = 0 end
            end
            return first
            """, List.class);

    /** Deletes a key only while it still holds the given location. */
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final DedupProperties properties;
    private final Cache<String, String> decided;

    public FirstSeenLedger(StringRedisTemplate redis, DedupProperties properties) {
        this.redis = redis;
        this.properties = properties;
        this.decided = Caffeine.newBuilder().maximumSize(properties.cacheSize())
                .expireAfterWrite(properties.cacheTtl()).build();
    }

    /** A raw record to claim: its tenant's messageId and where it lies in Kafka. */
    public record Claim(String messageId, FirstSeen location) {
    }

    /**
     * Claims each messageId of one tenant for its record's location and answers the claims that are duplicates
     * (another location was first). Fails when Redis does not answer: the batch is then retried, never let through
     * undeduplicated.
     */
    public Set<Claim> duplicates(String tenant, List<Claim> claims) {
        Set<Claim> duplicates = new HashSet<>();
        List<Claim> unknown = new ArrayList<>();
        for (Claim claim : claims) {
            String first = decided.getIfPresent(cacheKey(tenant, claim.messageId()));
            if (first == null) {
                unknown.add(claim);
            }
            else if (!first.equals(claim.location().encode())) {
                duplicates.add(claim);
            }
        }
        if (unknown.isEmpty()) {
            return duplicates;
        }
        List<String> keys = new ArrayList<>(unknown.size());
        List<String> args = new ArrayList<>(unknown.size() + 1);
        for (Claim claim : unknown) {
            keys.add(EventKeys.firstSeenKey(tenant, claim.messageId()));
            args.add(claim.location().encode());
        }
        args.add(Long.toString(properties.window().toMillis()));
        List<?> firsts = redis.execute(CLAIM, keys, args.toArray());
        for (int i = 0; i < unknown.size(); i++) {
            Claim claim = unknown.get(i);
            if (((Number) firsts.get(i)).longValue() == 1) {
                decided.put(cacheKey(tenant, claim.messageId()), claim.location().encode());
            }
            else {
                duplicates.add(claim);
            }
        }
        return duplicates;
    }

    /** Forgets a dead-lettered record's claim, so a fixed replay of the event is accepted. */
    public void release(String tenant, Claim claim) {
        decided.invalidate(cacheKey(tenant, claim.messageId()));
        redis.execute(RELEASE, List.of(EventKeys.firstSeenKey(tenant, claim.messageId())), claim.location().encode());
    }

    private static String cacheKey(String tenant, String messageId) {
        return tenant + '\u0000' + messageId;
    }
}
