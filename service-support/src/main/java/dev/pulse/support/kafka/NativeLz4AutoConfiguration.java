package dev.pulse.support.kafka;

import java.util.Map;
import net.jpountz.lz4.LZ4Factory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Loads lz4-java's native build for Kafka's compression in every service ({@link NativeLz4}) and says in
 * {@code /actuator/info} which build is in use ({@code "kafka":{"lz4":"native"}}).
 */
@AutoConfiguration
@ConditionalOnClass(LZ4Factory.class)
public class NativeLz4AutoConfiguration {

    @Bean
    NativeLz4 nativeLz4() {
        return NativeLz4.load();
    }

    @Bean
    InfoContributor lz4InfoContributor(NativeLz4 lz4) {
        return info -> info.withDetail("kafka", Map.of("lz4", lz4.build()));
    }
}
