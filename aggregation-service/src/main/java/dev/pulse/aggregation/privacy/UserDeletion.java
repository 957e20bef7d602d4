package dev.pulse.aggregation.privacy;

import dev.pulse.aggregation.clickhouse.ClickHouseSql;
import dev.pulse.aggregation.rollup.HotKeys;
import dev.pulse.model.EventKeys;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Deletes one user's data at the tenant's request (GDPR):
 * <ol>
 * <li>adds the id to the tenant's suppression set in Redis, which ingestion honours within seconds, so no new events
 * of that user are accepted;</li>
 * <li>deletes the user's rows from {@code events} (by user, anonymous or distinct id) and the dead letters whose
 * payload names the id, with ClickHouse mutations, which ClickHouse applies in the background;</li>
 * <li>removes the user from the tenant's leaderboards.</li>
 * </ol>
 * The minute rollups and Redis counters keep their anonymous aggregates: counts and sums no longer tie to anyone.
 * Events already on their way through Kafka when the request came may still be stored after the mutation ran; the
 * request is idempotent, and repeating it a minute later removes them too.
 */
@Component
class UserDeletion {

    private static final Logger log = LoggerFactory.getLogger(UserDeletion.class);

    private final ClickHouseSql clickHouse;
    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;

    UserDeletion(ClickHouseSql clickHouse, ReactiveStringRedisTemplate redis, Clock clock) {
        this.clickHouse = clickHouse;
        this.redis = redis;
        this.clock = clock;
    }

    Mono<Deletion> delete(String tenant, String userId) {
        Mono<Long> suppress = redis.opsForSet().add(EventKeys.suppressedUsers(tenant), userId);
        Mono<Void> mutate = Mono.fromCallable(() -> {
            String user = ClickHouseSql.literal(userId);
            String owned = " WHERE tenant = " + ClickHouseSql.literal(tenant);
            clickHouse.execute("ALTER TABLE " + clickHouse.table("events") + " DELETE" + owned + " AND (user_id = " + user
                    + " OR anonymous_id = " + user + " OR distinct_id = " + user + ")");
            clickHouse.execute("ALTER TABLE " + clickHouse.table("dead_letter") + " DELETE" + owned
                    + " AND position(payload, " + ClickHouseSql.literal('"' + jsonEscaped(userId) + '"') + ") > 0");
            return null;
        }).subscribeOn(Schedulers.boundedElastic()).then();
        Mono<Long> leaderboards = redis.scan(ScanOptions.scanOptions().match(HotKeys.leaderboard(tenant, "*", "*")).count(500).build())
                .flatMap(key -> redis.opsForZSet().remove(key, userId))
                .reduce(0L, Long::sum);
        return suppress.then(mutate).then(leaderboards).map(removed -> {
            log.info("Deletion of a user of tenant {} submitted; removed from {} leaderboard periods", tenant, removed);
            return new Deletion(tenant, userId, clock.instant(), removed);
        });
    }

    private static String jsonEscaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * What a deletion request did.
     *
     * @param tenant the tenant
     * @param userId the user id deleted and suppressed
     * @param requestedAt when the deletion was submitted; ClickHouse completes it in the background
     * @param leaderboardEntries how many leaderboard periods the user was removed from
     */
    record Deletion(String tenant, String userId, Instant requestedAt, long leaderboardEntries) {
    }
}
