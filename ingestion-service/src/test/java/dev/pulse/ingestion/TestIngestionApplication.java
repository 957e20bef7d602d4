package dev.pulse.ingestion;

import dev.pulse.stack.containers.ContainerEngines;
import org.springframework.boot.SpringApplication;

/** Runs ingestion-service on Kafka and Redis from Testcontainers (needs Docker): no stack to set up. */
public class TestIngestionApplication {

    public static void main(String[] args) {
        SpringApplication.from(IngestionApplication::main).with(ContainerEngines.class)
                .withAdditionalProfiles("test").run(args);
    }
}
