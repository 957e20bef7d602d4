package dev.pulse.aggregation.query;

import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.aggregation.rollup.HotKeys;
import dev.pulse.model.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How fresh a tenant's numbers are: the newest event counted in Redis and the newest minute in the ClickHouse
 * rollups, with their ages, and how far behind each pipeline stage's consumer group is, per partition (the lag is
 * the deployment's, not the tenant's: all tenants share the topics).
 */
@Component
class Freshness implements DisposableBean {

    /** Each stage's consumer group and the topic it reads. */
    static final Map<String, String> STAGES = new LinkedHashMap<>(Map.of(
            "pulse-enrichment", Topics.RAW,
            "pulse-clickhouse-sink", Topics.ENRICHED,
            "pulse-redis-counters", Topics.ENRICHED,
            "pulse-dead-letter-sink", Topics.DEAD_LETTER));

    private final ReactiveStringRedisTemplate redis;
    private final ClickHouseQueries clickHouse;
    private final String database;
    private final Admin admin;
    private final Clock clock;

    Freshness(ReactiveStringRedisTemplate redis, ClickHouseQueries clickHouse, ClickHouseProperties properties,
            KafkaAdmin kafkaAdmin, Clock clock) {
        this.redis = redis;
        this.clickHouse = clickHouse;
        this.database = properties.database();
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        this.clock = clock;
    }

    Mono<Report> of(String tenant) {
        Mono<Instant> counted = redis.opsForValue().get(HotKeys.watermark(tenant))
                .map(millis -> Instant.ofEpochMilli(Long.parseLong(millis)));
        Mono<Instant> stored = clickHouse.rows("SELECT toUnixTimestamp(max(minute)), count() FROM " + database
                + ".events_minute WHERE tenant = :tenant", Map.of("tenant", tenant))
                .next()
                .filter(row -> !row.get(1).equals("0"))
                .map(row -> Instant.ofEpochSecond(Long.parseLong(row.get(0))));
        Mono<Map<String, Map<Integer, Long>>> lag = Mono.fromCallable(this::lag).subscribeOn(Schedulers.boundedElastic());
        Instant now = clock.instant();
        return Mono.zip(counted.map(Freshness::some).defaultIfEmpty(none()), stored.map(Freshness::some).defaultIfEmpty(none()),
                lag).map(found -> new Report(tenant, now, found.getT1().orElse(null), age(now, found.getT1()),
                found.getT2().orElse(null), age(now, found.getT2()), found.getT3()));
    }

    /** Per stage, per partition: records on the topic not yet committed by the group. */
    private Map<String, Map<Integer, Long>> lag() throws Exception {
        Set<String> topics = Set.copyOf(STAGES.values());
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()
                .stream().flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .toList();
        Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        Map<String, Map<Integer, Long>> lag = new LinkedHashMap<>();
        for (Map.Entry<String, String> stage : STAGES.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(stage.getKey())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<Integer, Long> behind = new TreeMap<>();
            ends.forEach((partition, end) -> {
                if (partition.topic().equals(stage.getValue())) {
                    OffsetAndMetadata done = committed.get(partition);
                    behind.put(partition.partition(), end - (done == null ? 0 : done.offset()));
                }
            });
            lag.put(stage.getKey(), behind);
        }
        return lag;
    }

    private static java.util.Optional<Instant> some(Instant instant) {
        return java.util.Optional.of(instant);
    }

    private static java.util.Optional<Instant> none() {
        return java.util.Optional.empty();
    }

    private static Long age(Instant now, java.util.Optional<Instant> newest) {
        return newest.map(at -> Duration.between(at, now).toMillis()).orElse(null);
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(5));
    }

    /**
     * @param tenant the tenant
     * @param at when this was measured
     * @param newestCounted the newest event time counted in Redis; null when none yet
     * @param countedAgeMillis how long ago that was
     * @param newestStoredMinute the newest minute in the ClickHouse rollups; null when none yet
     * @param storedAgeMillis how long ago that minute started
     * @param lag per consumer group, per partition: records not yet processed
     */
    record Report(String tenant, Instant at, Instant newestCounted, Long countedAgeMillis, Instant newestStoredMinute,
            Long storedAgeMillis, Map<String, Map<Integer, Long>> lag) {
    }
}
