package dev.pulse.enrichment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Turns raw events into enriched events or typed dead letters, exactly once, with Kafka transactions. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnrichmentApplication {

    public static void main(String[] args) {
        SpringApplication.run(EnrichmentApplication.class, args);
    }
}
