package dev.pulse.aggregation.leaderboard;

import dev.pulse.aggregation.rollup.HotKeys;
import java.util.List;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads leaderboards from Redis: the top N of a period, and one member's rank and score. Members with equal scores
 * rank in reverse lexicographic order of their names (Redis' order), so a ranking is stable between reads.
 */
@Component
public class Rankings {

    private final ReactiveStringRedisTemplate redis;

    public Rankings(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The first {@code limit} members of a period, best first. */
    public Mono<List<Entry>> top(String tenant, String board, String period, int limit) {
        return redis.opsForZSet().reverseRangeWithScores(HotKeys.leaderboard(tenant, board, period), Range.closed(0L, limit - 1L))
                .index()
                .map(ranked -> new Entry(ranked.getT1() + 1, ranked.getT2().getValue(), ranked.getT2().getScore()))
                .collectList();
    }

    /** A member's place (1 = best) and score in a period; empty when the member has not scored in it. */
    public Mono<Entry> member(String tenant, String board, String period, String member) {
        String key = HotKeys.leaderboard(tenant, board, period);
        return Mono.zip(redis.opsForZSet().reverseRank(key, member), redis.opsForZSet().score(key, member))
                .map(found -> new Entry(found.getT1() + 1, member, found.getT2()));
    }

    /** How many members have scored in a period. */
    public Mono<Long> size(String tenant, String board, String period) {
        return redis.opsForZSet().size(HotKeys.leaderboard(tenant, board, period));
    }

    /**
     * One place on a leaderboard.
     *
     * @param rank 1 for the best score
     * @param member the member
     * @param score the member's score
     */
    public record Entry(long rank, String member, double score) {
    }
}
