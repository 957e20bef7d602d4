package dev.pulse.support.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the admin key of a request, in constant time. */
public class AdminKey {

    private final byte[] key;

    public AdminKey(AdminProperties properties) {
        this.key = properties.key() == null || properties.key().isBlank() ? null
                : properties.key().getBytes(StandardCharsets.UTF_8);
    }

    /** Fails with {@link AdminKeyException} unless {@code authorization} is {@code Bearer <the admin key>}. */
    public void verify(String authorization) {
        if (key == null) {
            throw new AdminKeyException("no admin key is configured (pulse.admin.key): admin endpoints are closed");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AdminKeyException("the admin key is required as a Bearer token");
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, key)) {
            throw new AdminKeyException("the admin key is wrong");
        }
    }
}
