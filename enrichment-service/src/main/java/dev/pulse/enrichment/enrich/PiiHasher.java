package dev.pulse.enrichment.enrich;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces the values of personal keys (such as {@code email}) with an HMAC-SHA-256 under the tenant's secret salt:
 * the same value always gives the same hash within a tenant, so users can still be counted and joined, but the value
 * cannot be recovered, nor matched across tenants.
 */
final class PiiHasher {

    private PiiHasher() {
    }

    /** A copy of {@code values} with the values of {@code keys} hashed; the same map when none is present. */
    static Map<String, Object> hash(Map<String, Object> values, Set<String> keys, String salt) {
        if (values == null || keys.isEmpty() || keys.stream().noneMatch(values::containsKey)) {
            return values;
        }
        if (salt == null || salt.isEmpty()) {
            throw new IllegalStateException("PII keys are configured without a salt");
        }
        Map<String, Object> hashed = new LinkedHashMap<>(values);
        for (String key : keys) {
            Object value = hashed.get(key);
            if (value != null) {
                hashed.put(key, hmac(salt, value.toString()));
            }
        }
        return hashed;
    }

    private static String hmac(String salt, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", ex);
        }
    }
}
