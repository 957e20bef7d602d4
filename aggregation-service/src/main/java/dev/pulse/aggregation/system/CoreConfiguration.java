package dev.pulse.aggregation.system;

import dev.pulse.model.EventCodec;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event codec and the clock, shared by every feature; the clock is a bean so tests can fix time. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
