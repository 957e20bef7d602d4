package dev.pulse.enrichment.system;

import dev.pulse.enrichment.enrich.EventEnricher;
import dev.pulse.model.RawEvent;
import dev.pulse.support.health.SampleEvents;
import dev.pulse.support.health.WarmUpProperties;
import dev.pulse.support.health.WarmUpTask;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Before readiness: every enricher (geo database, Yauaa, URL analysis) run on sample events until the JIT has them. */
@Configuration(proxyBeanMethods = false)
class WarmUpConfiguration {

    @Bean
    WarmUpTask enrichersWarmUp(EventEnricher enricher, WarmUpProperties properties) {
        return WarmUpTask.blocking("enrichers", () -> {
            List<RawEvent> samples = SampleEvents.raw(Instant.now());
            for (int round = 0; round < properties.rounds(); round++) {
                for (RawEvent sample : samples) {
                    enricher.enrich(sample, sample.receivedAt());
                }
            }
        });
    }
}
