package dev.pulse.ingestion.system;

import dev.pulse.ingestion.capture.CaptureProperties;
import dev.pulse.model.EventCodec;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event codec and the clock, shared by every feature; the clock is a bean so tests can fix time. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    @Bean
    EventCodec eventCodec(CaptureProperties capture) {
        return new EventCodec(capture.maxNestingDepth());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
