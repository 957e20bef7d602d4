package dev.pulse.aggregation.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The sinks' error handling: a batch that could not be written is retried with backoff, without end, and its offsets
 * are not committed meanwhile. The stock handler gives up after ten tries and skips the batch, which would lose
 * events that were acknowledged to clients.
 */
@Configuration(proxyBeanMethods = false)
class KafkaListenerConfiguration {

    @Bean
    CommonErrorHandler retryUntilStored() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
