package dev.pulse.aggregation.query;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenants this deployment serves, keyed by tenant id.
 *
 * @param tenants each tenant's keys, such as {@code pulse.tenants.acme.read-key}
 */
@ConfigurationProperties("pulse")
public record TenantProperties(@DefaultValue Map<String, Keys> tenants) {

    /**
     * One tenant's keys.
     *
     * @param writeKey the key clients send events with (never accepted here)
     * @param readKey the key dashboards and the query API read with
     */
    public record Keys(String writeKey, String readKey) {
    }
}
