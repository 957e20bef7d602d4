package dev.pulse.ingestion.tenant;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Resolves the tenant of a request from its write key, given as HTTP Basic user name (Segment's convention), as a
 * Bearer token, or as {@code writeKey} in the body.
 */
@Component
public class WriteKeys {

    private final Map<String, String> tenantByWriteKey;

    WriteKeys(TenantProperties properties) {
        this.tenantByWriteKey = properties.tenants().entrySet().stream()
                .filter(tenant -> tenant.getValue().writeKey() != null)
                .collect(Collectors.toUnmodifiableMap(tenant -> tenant.getValue().writeKey(), Map.Entry::getKey));
    }

    /**
     * The tenant owning the write key of a request: from its {@code Authorization} header, else from the body's
     * {@code writeKey} field. 401 when there is none or no tenant owns it.
     */
    public String tenantOf(String authorization, String bodyWriteKey) {
        String key = writeKey(authorization);
        if (key == null || key.isEmpty()) {
            key = bodyWriteKey;
        }
        if (key == null || key.isEmpty()) {
            throw new UnknownWriteKeyException("a write key is required: send it as HTTP Basic user name, as a Bearer token or as 'writeKey' in the body");
        }
        String tenant = tenantByWriteKey.get(key);
        if (tenant == null) {
            throw new UnknownWriteKeyException("the write key is not known");
        }
        return tenant;
    }

    static String writeKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                return colon < 0 ? credentials : credentials.substring(0, colon);
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }
        return null;
    }
}
