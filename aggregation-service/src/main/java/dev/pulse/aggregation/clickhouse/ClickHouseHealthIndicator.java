package dev.pulse.aggregation.clickhouse;

import com.clickhouse.client.api.Client;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** ClickHouse's reachability in the health details; not part of readiness (an outage pauses the sink, no more). */
@Component("clickhouse")
class ClickHouseHealthIndicator implements HealthIndicator {

    private final Client client;

    ClickHouseHealthIndicator(Client client) {
        this.client = client;
    }

    @Override
    public Health health() {
        return client.ping(1000) ? Health.up().build() : Health.down().withDetail("ping", "no answer within 1 s").build();
    }
}
