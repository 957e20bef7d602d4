package dev.pulse.aggregation.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.aggregation.leaderboard.Leaderboard;
import dev.pulse.aggregation.leaderboard.LeaderboardDefinitions;
import dev.pulse.aggregation.leaderboard.LeaderboardProperties;
import dev.pulse.aggregation.leaderboard.Rankings;
import dev.pulse.aggregation.live.LiveChannel;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.stack.TestRedis;
import dev.pulse.support.tracing.KafkaTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis hot path against a real Redis: exact counts under redelivery, and leaderboards that rank right. */
class HotCountersTest {

    /** Today's start: minute keys expire a retention after their minute, so the events must be recent ones. */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS);

    private final EventCodec codec = new EventCodec();
    private final StringRedisTemplate redis = TestRedis.template();
    private final String tenant = "hot-" + UUID.randomUUID();
    private final Leaderboard points = new Leaderboard("points", "Played", null, "points", Leaderboard.Window.ALL_TIME);
    private final Leaderboard dailyPlayers = new Leaderboard("daily", "Played", "team", null, Leaderboard.Window.DAY);
    private final RollupProperties rollups = new RollupProperties(List.of("revenue", "points"), Duration.ofMinutes(2),
            Duration.ofHours(48));
    private final HotScripts scripts = new HotScripts(TestRedis.connectionFactory());
    private final HotCounters counters = new HotCounters(TestRedis.reactiveTemplate(), scripts, codec, new Measures(rollups),
            new LeaderboardDefinitions(TestRedis.reactiveTemplate(), codec,
                    new LeaderboardProperties(Map.of(tenant, List.of(points, dailyPlayers)), Duration.ofSeconds(5))),
            new LiveChannel(TestRedis.reactiveTemplate(), TestRedis.reactiveTemplate().getConnectionFactory(), codec,
                    Clock.systemUTC()),
            rollups, new SimpleMeterRegistry(), Clock.systemUTC(), new KafkaTracing(Tracer.NOOP, Propagator.NOOP));
    private final Rankings rankings = new Rankings(TestRedis.reactiveTemplate());

    @AfterEach
    void closeConnection() {
        scripts.destroy();
    }

    @Test
    void batchesDeliveredAgainCountNothingTwice() {
        List<ConsumerRecord<String, ByteBuffer>> batch = IntStream.range(0, 300).mapToObj(this::played).toList();
        counters.onBatch(batch);
        counters.onBatch(batch);
        // redelivered from an earlier offset after a crash: half already applied, and some new records
        List<ConsumerRecord<String, ByteBuffer>> overlapping = new ArrayList<>(batch.subList(150, 300));
        IntStream.range(300, 360).mapToObj(this::played).forEach(overlapping::add);
        counters.onBatch(overlapping);

        // records 0..359: 6 minutes of 60, partition i % 3, user i % 7, revenue i, 1 point each, country by i % 2
        for (int m = 0; m < 6; m++) {
            Instant minute = START.plus(Duration.ofMinutes(m));
            Map<Object, Object> hash = redis.opsForHash().entries(HotKeys.minute(tenant, minute));
            int first = m * 60;
            assertThat(hash).containsEntry("count:Played", "60")
                    .containsEntry("sum:Played:revenue", Integer.toString(IntStream.range(first, first + 60).sum()))
                    .containsEntry("sum:Played:points", "60");
            assertThat(redis.opsForHyperLogLog().size(HotKeys.users(tenant, minute, "Played"))).isEqualTo(7);
            assertThat(redis.opsForZSet().score(HotKeys.top(tenant, minute, "Played", "country"), "DE")).isEqualTo(30.0);
            assertThat(redis.getExpire(HotKeys.minute(tenant, minute))).isPositive();
        }
        assertThat(redis.opsForHash().entries(HotKeys.totals(tenant))).isEqualTo(Map.of("Played", "360"));
        assertThat(redis.opsForHash().entries(HotKeys.fence(tenant)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("0", "1357", "1", "1358", "2", "1359"));
        assertThat(redis.opsForValue().get(HotKeys.watermark(tenant)))
                .isEqualTo(Long.toString(START.plusSeconds(359).toEpochMilli()));
        assertThat(rankings.member(tenant, "points", "all", "u-3").block().score()).isEqualTo(IntStream.range(0, 360)
                .filter(i -> i % 7 == 3).count());
        assertThat(rankings.top(tenant, "daily", Leaderboard.Window.DAY.periodOf(START), 5).block())
                .extracting(Rankings.Entry::member, Rankings.Entry::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("red", 180.0), org.assertj.core.groups.Tuple.tuple("blue", 180.0));
    }

    @Test
    void anEventWithoutAnyTimeOfItsOwnCountsWhenEnrichmentProcessedIt() {
        Instant processed = START.plusSeconds(90);
        RawEvent written = new RawEvent(tenant, EventType.TRACK, "Played", null, "u", null, "m-x", null, null, null, null,
                null, null, null, null);
        counters.onBatch(List.of(new ConsumerRecord<>(Topics.ENRICHED, 0, 1L, tenant + ":u",
                ByteBuffer.wrap(codec.encode(EnrichedEvent.of(written, processed))))));

        assertThat(redis.opsForHash().get(HotKeys.minute(tenant, START.plusSeconds(60)), "count:Played")).isEqualTo("1");
    }

    @Test
    void aLeaderboardOfTwoHundredThousandMembersRanksLikeABruteForceSort() {
        Random random = new Random(42);
        Map<String, Double> expected = new HashMap<>();
        List<ConsumerRecord<String, ByteBuffer>> batch = new ArrayList<>();
        for (int i = 0; i < 260_000; i++) {
            String member = "member-" + (i < 200_000 ? i : random.nextInt(200_000));
            int score = random.nextInt(1_000);
            expected.merge(member, (double) score, Double::sum);
            batch.add(record(i, member, score));
            if (batch.size() == 5_000) {
                counters.onBatch(batch);
                batch = new ArrayList<>();
            }
        }
        counters.onBatch(batch);

        // Redis' order: score descending, then member name descending
        List<Map.Entry<String, Double>> sorted = expected.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .toList();
        assertThat(rankings.size(tenant, "points", "all").block()).isEqualTo(200_000);
        List<Rankings.Entry> top = rankings.top(tenant, "points", "all", 100).block();
        assertThat(top).extracting(Rankings.Entry::member)
                .containsExactlyElementsOf(sorted.subList(0, 100).stream().map(Map.Entry::getKey).toList());
        for (int probe = 0; probe < 1_000; probe++) {
            int rank = random.nextInt(sorted.size());
            Rankings.Entry entry = rankings.member(tenant, "points", "all", sorted.get(rank).getKey()).block();
            assertThat(entry.rank()).isEqualTo(rank + 1);
            assertThat(entry.score()).isEqualTo(sorted.get(rank).getValue());
        }
    }

    /** The i-th "Played" record: at START + i seconds, partition i % 3, offset 1000 + i, user i % 7, revenue i. */
    private ConsumerRecord<String, ByteBuffer> played(int i) {
        Instant at = START.plusSeconds(i);
        RawEvent event = new RawEvent(tenant, EventType.TRACK, "Played", null, "u-" + (i % 7), null, "m-" + i, at, at, at,
                Map.of("revenue", i, "points", 1, "team", i % 2 == 0 ? "red" : "blue"), null, null, null, null);
        Enrichments enrichments = new Enrichments(at, false, false,
                new Enrichments.Geo(i % 2 == 0 ? "DE" : "FR", null, null, null, null), null, null, null, "search", null, false);
        return new ConsumerRecord<>(Topics.ENRICHED, i % 3, 1_000L + i, tenant + ":u",
                ByteBuffer.wrap(codec.encode(EnrichedEvent.of(event, at, enrichments))));
    }

    private ConsumerRecord<String, ByteBuffer> record(int i, String member, int score) {
        Instant at = START.plusMillis(i);
        RawEvent event = new RawEvent(tenant, EventType.TRACK, "Played", null, member, null, "m-" + i, at, at, at,
                Map.of("points", score), null, null, null, null);
        return new ConsumerRecord<>(Topics.ENRICHED, 0, i, tenant + ":" + member,
                ByteBuffer.wrap(codec.encode(EnrichedEvent.of(event, at))));
    }
}
