package dev.pulse.stack.containers;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and Redis from Testcontainers, for machines with Docker: the second source of engines beside
 * {@link dev.pulse.stack.TestEngines}' processes, connected through {@link ServiceConnection}. Import it (with
 * {@link ClickHouseContainerEngine} where ClickHouse is needed) into a test marked
 * {@code @Testcontainers(disabledWithoutDocker = true)}, or start a service on it with its {@code Test*Application}.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerEngines {

    public static final String KAFKA_IMAGE = "apache/kafka:4.2.1";
    public static final String REDIS_IMAGE = "redis:7.4-alpine";

    @Bean
    @ServiceConnection
    KafkaContainer kafka() {
        return new KafkaContainer(KAFKA_IMAGE);
    }

    @Bean
    @ServiceConnection(name = "redis")
    GenericContainer<?> redis() {
        return new GenericContainer<>(REDIS_IMAGE).withExposedPorts(6379);
    }
}
