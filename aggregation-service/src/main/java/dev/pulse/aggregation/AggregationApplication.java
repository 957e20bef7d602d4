package dev.pulse.aggregation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Stores enriched events in ClickHouse, keeps live counters in Redis and answers queries over both. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AggregationApplication {

    public static void main(String[] args) {
        SpringApplication.run(AggregationApplication.class, args);
    }
}
