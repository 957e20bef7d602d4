package dev.pulse.stack;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A template on the test engines' Redis, for tests that run without a Spring context. */
public final class TestRedis {

    private static StringRedisTemplate template;
    private static ReactiveStringRedisTemplate reactiveTemplate;
    private static LettuceConnectionFactory factory;

    private TestRedis() {
    }

    public static synchronized StringRedisTemplate template() {
        if (template == null) {
            template = new StringRedisTemplate(factory());
        }
        return template;
    }

    public static synchronized ReactiveStringRedisTemplate reactiveTemplate() {
        if (reactiveTemplate == null) {
            reactiveTemplate = new ReactiveStringRedisTemplate(factory());
        }
        return reactiveTemplate;
    }

    /** The connection factory behind both templates, for code that needs Lettuce's own client. */
    public static synchronized LettuceConnectionFactory connectionFactory() {
        return factory();
    }

    /** Makes Redis hold every client's commands for {@code millis}, as an overloaded Redis would. */
    public static void pause(long millis) {
        var client = io.lettuce.core.RedisClient.create("redis://" + TestEngines.get().redisHost() + ":"
                + TestEngines.get().redisPort());
        try (var connection = client.connect()) {
            connection.sync().clientPause(millis);
        }
        finally {
            client.shutdown();
        }
    }

    private static LettuceConnectionFactory factory() {
        if (factory == null) {
            factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestEngines.get().redisHost(),
                    TestEngines.get().redisPort()));
            factory.afterPropertiesSet();
            factory.start();
        }
        return factory;
    }
}
