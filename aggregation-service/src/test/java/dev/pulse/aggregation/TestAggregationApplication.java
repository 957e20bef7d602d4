package dev.pulse.aggregation;

import dev.pulse.stack.containers.ClickHouseContainerEngine;
import dev.pulse.stack.containers.ContainerEngines;
import org.springframework.boot.SpringApplication;

/** Runs aggregation-service on Kafka, ClickHouse and Redis from Testcontainers (needs Docker): no stack to set up. */
public class TestAggregationApplication {

    public static void main(String[] args) {
        SpringApplication.from(AggregationApplication::main).with(ContainerEngines.class, ClickHouseContainerEngine.class)
                .withAdditionalProfiles("test").run(args);
    }
}
