package dev.pulse.aggregation.sink;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * The ClickHouse sink's listener containers: Boot's settings (error handler included), except that the sink commits
 * its offsets itself, after the insert that holds their rows ({@link PendingInserts}), so the container commits
 * nothing; its consumers poll and report themselves idle at the insert's age, so a quiet topic's last rows are
 * stored on time; and its rebalance listener stores pending rows before their partitions leave.
 */
@Configuration(proxyBeanMethods = false)
class SinkConfiguration {

    static final String CONTAINER_FACTORY = "clickHouseSinkContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> clickHouseSinkContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            PendingInserts inserts, SinkProperties limits) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        ContainerProperties container = factory.getContainerProperties();
        container.setAckMode(ContainerProperties.AckMode.MANUAL);
        container.setPollTimeout(limits.batchIntervalMs());
        container.setIdleEventInterval(limits.batchIntervalMs());
        container.setConsumerRebalanceListener(inserts.rebalanceListener());
        return factory;
    }
}
