package dev.pulse.aggregation.rollup;

import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts {@link Topics#ENRICHED} into Redis, in its own consumer group so a Redis outage never stalls the
 * ClickHouse sink. A batch is summed in memory first, then written as one increment per (tenant, event).
 */
@Component
public class RedisCounters {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final ReactiveStringRedisTemplate redis;
    private final EventCodec codec;

    RedisCounters(ReactiveStringRedisTemplate redis, EventCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    @KafkaListener(id = "redis-counters", groupId = "pulse-redis-counters", topics = Topics.ENRICHED)
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        Map<Counter, Long> increments = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EnrichedEvent enriched = codec.decodeEnriched(record.value());
            increments.merge(new Counter(enriched.event().tenant(), enriched.event().countedName()), 1L, Long::sum);
        }
        // the Kafka listener thread waits here on purpose: offsets are committed only after Redis applied the batch
        Flux.fromIterable(increments.entrySet())
                .flatMap(entry -> redis.opsForHash().increment(CounterKeys.totals(entry.getKey().tenant()),
                        entry.getKey().event(), entry.getValue()))
                .then()
                .block(WRITE_TIMEOUT);
    }

    /** The all-time count of {@code event} for {@code tenant}. */
    public Mono<Long> count(String tenant, String event) {
        return redis.<String, String>opsForHash().get(CounterKeys.totals(tenant), event).map(Long::parseLong).defaultIfEmpty(0L);
    }

    private record Counter(String tenant, String event) {
    }
}
