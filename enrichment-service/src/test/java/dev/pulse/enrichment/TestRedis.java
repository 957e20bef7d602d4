package dev.pulse.enrichment;

import dev.pulse.stack.TestEngines;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A template on the test engines' Redis, for tests that run without a Spring context. */
public final class TestRedis {

    private static StringRedisTemplate template;

    private TestRedis() {
    }

    public static synchronized StringRedisTemplate template() {
        if (template == null) {
            var factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestEngines.get().redisHost(),
                    TestEngines.get().redisPort()));
            factory.afterPropertiesSet();
            factory.start();
            template = new StringRedisTemplate(factory);
        }
        return template;
    }
}
