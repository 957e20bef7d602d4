package dev.pulse.stack.containers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * A current ClickHouse from Testcontainers — the release line production runs, where the Debian package here is
 * 18.16 — so the same SQL is exercised on both. Pulse talks to ClickHouse over HTTP with its own properties, so the
 * container reaches the service through {@code pulse.clickhouse.*} rather than a service connection.
 */
@Configuration(proxyBeanMethods = false)
public class ClickHouseContainerEngine {

    public static final String CLICKHOUSE_IMAGE = "clickhouse/clickhouse-server:25.8";

    @Bean
    ClickHouseContainer clickHouse() {
        return new ClickHouseContainer(CLICKHOUSE_IMAGE);
    }

    @Bean
    DynamicPropertyRegistrar clickHouseProperties(ClickHouseContainer clickHouse) {
        return registry -> {
            registry.add("pulse.clickhouse.url",
                    () -> "http://" + clickHouse.getHost() + ':' + clickHouse.getMappedPort(8123));
            registry.add("pulse.clickhouse.username", clickHouse::getUsername);
            registry.add("pulse.clickhouse.password", clickHouse::getPassword);
        };
    }
}
