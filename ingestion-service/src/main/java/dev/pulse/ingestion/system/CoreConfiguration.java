package dev.pulse.ingestion.system;

import dev.pulse.ingestion.capture.CaptureProperties;
import dev.pulse.model.EventCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Ingestion's event codec: it refuses JSON nested deeper than the capture limit (the shared default has none). */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    @Bean
    EventCodec eventCodec(CaptureProperties capture) {
        return new EventCodec(capture.maxNestingDepth());
    }
}
