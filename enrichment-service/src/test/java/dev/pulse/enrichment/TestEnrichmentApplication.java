package dev.pulse.enrichment;

import dev.pulse.stack.containers.ContainerEngines;
import org.springframework.boot.SpringApplication;

/** Runs enrichment-service on Kafka and Redis from Testcontainers (needs Docker): no stack to set up. */
public class TestEnrichmentApplication {

    public static void main(String[] args) {
        SpringApplication.from(EnrichmentApplication::main).with(ContainerEngines.class)
                .withAdditionalProfiles("test").run(args);
    }
}
