package dev.pulse.enrichment.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A rolled-back batch is retried with backoff (200 ms doubling to 10 s) for as long as it takes. Bad data never
 * fails a batch (it becomes a dead letter), so a failure means Redis or Kafka is unreachable: waiting is right, and
 * skipping, as the default processor does after ten attempts, would lose events.
 */
@Configuration(proxyBeanMethods = false)
class KafkaListenerConfiguration {

    @Bean
    AfterRollbackProcessor<Object, Object> afterRollbackProcessor() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultAfterRollbackProcessor<>(backOff);
    }
}
