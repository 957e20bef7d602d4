package dev.pulse.support.health;

import dev.pulse.model.EventCodec;
import dev.pulse.model.RawEvent;
import dev.pulse.support.core.CoreAutoConfiguration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * Registers {@link WarmUp} as the {@code warmUp} health contributor (which the readiness group includes) with the
 * tasks every service shares: the event codec on sample events, and a first Redis round trip.
 */
@AutoConfiguration(after = CoreAutoConfiguration.class, afterName = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration"})
@EnableConfigurationProperties(WarmUpProperties.class)
public class WarmUpAutoConfiguration {

    @Bean(name = "warmUp")
    WarmUp warmUp(ObjectProvider<WarmUpTask> tasks, WarmUpProperties properties) {
        return new WarmUp(tasks.orderedStream().toList(), properties.timeout());
    }

    @Bean
    WarmUpTask codecWarmUp(EventCodec codec, WarmUpProperties properties) {
        return task("codec", () -> {
            List<RawEvent> samples = SampleEvents.raw(Instant.now());
            for (int round = 0; round < properties.rounds(); round++) {
                for (RawEvent sample : samples) {
                    codec.decodeRaw(codec.encode(sample));
                }
            }
        });
    }

    /** A named task running blocking work once. */
    public static WarmUpTask task(String name, Runnable work) {
        return new WarmUpTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<?> run() {
                return Mono.fromRunnable(work);
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveRedisConnectionFactory.class)
    @ConditionalOnBean(ReactiveRedisConnectionFactory.class)
    static class RedisWarmUp {

        @Bean
        WarmUpTask redisWarmUp(ReactiveRedisConnectionFactory redis) {
            return new WarmUpTask() {
                @Override
                public String name() {
                    return "redis";
                }

                @Override
                public Mono<?> run() {
                    return Mono.usingWhen(Mono.fromSupplier(redis::getReactiveConnection),
                            connection -> connection.ping(), connection -> connection.closeLater());
                }
            };
        }
    }
}
