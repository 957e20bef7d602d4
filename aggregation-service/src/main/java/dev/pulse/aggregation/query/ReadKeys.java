package dev.pulse.aggregation.query;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Resolves the tenant of a query from the read key in its {@code Authorization: Bearer} header. */
@Component
public class ReadKeys {

    private final Map<String, String> tenantByReadKey;

    ReadKeys(TenantProperties properties) {
        this.tenantByReadKey = properties.tenants().entrySet().stream()
                .filter(tenant -> tenant.getValue().readKey() != null)
                .collect(Collectors.toUnmodifiableMap(tenant -> tenant.getValue().readKey(), Map.Entry::getKey));
    }

    public String tenantOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnknownReadKeyException("a read key is required as a Bearer token");
        }
        String tenant = tenantByReadKey.get(authorization.substring(7).trim());
        if (tenant == null) {
            throw new UnknownReadKeyException("the read key is not known");
        }
        return tenant;
    }
}
