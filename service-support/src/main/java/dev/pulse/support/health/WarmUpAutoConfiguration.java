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
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registers {@link WarmUp} as the {@code warmUp} health contributor (which the readiness group includes) with the
 * tasks every service shares: the event codec on sample events, requests through the service's own HTTP stack, and a
 * first Redis round trip.
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
        return WarmUpTask.blocking("codec", () -> {
            List<RawEvent> samples = SampleEvents.raw(Instant.now());
            for (int round = 0; round < properties.rounds(); round++) {
                for (RawEvent sample : samples) {
                    codec.decodeRaw(codec.encode(sample));
                }
            }
        });
    }

    /** Requests through the service's own HTTP stack (Netty, routing, problem details), as the first clients would. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
    static class HttpWarmUp {

        @Bean
        WarmUpTask httpWarmUp(Environment environment, WarmUpProperties properties) {
            return WarmUpTask.of("http", () -> {
                String port = environment.getProperty("local.server.port");
                if (port == null) {
                    return Mono.empty();
                }
                WebClient client = WebClient.create("http://127.0.0.1:" + port);
                // a path no endpoint has: the whole request path runs, nothing is captured or changed
                return Flux.range(0, Math.max(1, properties.rounds() / 50))
                        .concatMap(request -> client.get().uri("/warm-up").exchangeToMono(ClientResponse::releaseBody))
                        .then();
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveRedisConnectionFactory.class)
    @ConditionalOnBean(ReactiveRedisConnectionFactory.class)
    static class RedisWarmUp {

        @Bean
        WarmUpTask redisWarmUp(ReactiveRedisConnectionFactory redis) {
            return WarmUpTask.of("redis", () -> Mono.usingWhen(Mono.fromSupplier(redis::getReactiveConnection),
                    connection -> connection.ping(), connection -> connection.closeLater()));
        }
    }
}
