package dev.pulse.aggregation.clickhouse;

import com.clickhouse.client.api.Client;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The official ClickHouse client (client-v2) over HTTP, used for inserts, migrations and health. Compression is off
 * both ways: on loopback it costs CPU and buys nothing, and the server this runs against in development (18.16)
 * does not speak the client's compressed framing.
 */
@Configuration(proxyBeanMethods = false)
public class ClickHouseConfiguration {

    @Bean(destroyMethod = "close")
    public Client clickHouseClient(ClickHouseProperties properties) {
        return new Client.Builder()
                .addEndpoint(properties.url())
                .setUsername(properties.username())
                .setPassword(properties.password())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .build();
    }
}
