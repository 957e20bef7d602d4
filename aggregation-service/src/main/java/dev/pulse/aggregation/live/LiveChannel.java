package dev.pulse.aggregation.live;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live channel of each tenant, over Redis pub/sub ({@code pulse:{tenant}:live}): the hot path publishes what each
 * batch counted, and every replica's stream subscribers receive it, so any replica can serve any client. Pub/sub
 * keeps nothing: a subscriber sees what is published while it listens.
 */
@Component
public class LiveChannel implements DisposableBean {

    private final ReactiveStringRedisTemplate redis;
    private final ReactiveRedisMessageListenerContainer container;
    private final JsonMapper json;
    private final Clock clock;

    public LiveChannel(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connections, EventCodec codec,
            Clock clock) {
        this.redis = redis;
        this.container = new ReactiveRedisMessageListenerContainer(connections);
        this.json = codec.mapper();
        this.clock = clock;
    }

    static String channel(String tenant) {
        return "pulse:" + EventKeys.tenantTag(tenant) + ":live";
    }

    /** Publishes a batch's update; the hot path does not wait for subscribers, and a failed publish costs nothing. */
    public Mono<Void> publish(String tenant, LiveUpdate update) {
        return redis.convertAndSend(channel(tenant), json.writeValueAsString(update)).then().onErrorComplete();
    }

    /**
     * Per second, what was counted for the tenant in that second and the latest few events; empty seconds too. Updates
     * are summed as they arrive and handed out on each tick; a client too slow for a tick gets the sum with the next
     * one it takes, so a slow client costs a bounded amount of memory and loses no counts.
     */
    public Flux<LiveSecond> seconds(String tenant) {
        return Flux.defer(() -> {
            Accumulator pending = new Accumulator();
            Flux<LiveSecond> receiving = container.receive(ChannelTopic.of(channel(tenant)))
                    .doOnNext(message -> pending.add(json.readValue(message.getMessage(), LiveUpdate.class)))
                    .thenMany(Flux.empty());
            Flux<LiveSecond> ticks = Flux.interval(Duration.ofSeconds(1)).onBackpressureDrop()
                    .map(tick -> pending.drain(clock.instant()));
            return Flux.merge(ticks, receiving);
        });
    }

    /** The updates received since the last tick, summed. */
    private static final class Accumulator {

        private Map<String, Long> counts = new TreeMap<>();
        private final java.util.ArrayDeque<LiveUpdate.Sample> latest = new java.util.ArrayDeque<>();

        synchronized void add(LiveUpdate update) {
            update.counts().forEach((event, count) -> counts.merge(event, count, Long::sum));
            for (LiveUpdate.Sample sample : update.sample()) {
                if (latest.size() == LiveUpdate.SAMPLE_SIZE) {
                    latest.removeFirst();
                }
                latest.addLast(sample);
            }
        }

        synchronized LiveSecond drain(Instant at) {
            Map<String, Long> second = counts;
            counts = new TreeMap<>();
            List<LiveUpdate.Sample> samples = List.copyOf(latest);
            latest.clear();
            return new LiveSecond(at, second, second.values().stream().mapToLong(Long::longValue).sum(), samples);
        }
    }

    @Override
    public void destroy() {
        container.destroy();
    }

    /**
     * One second of a tenant's live stream.
     *
     * @param at when the second ended
     * @param counts events counted in it, per event name
     * @param total all of them
     * @param latest the latest few events
     */
    public record LiveSecond(Instant at, Map<String, Long> counts, long total, List<LiveUpdate.Sample> latest) {
    }
}
