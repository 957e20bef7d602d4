package dev.pulse.support.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The deployment's admin key, which guards management endpoints (replay, deletion, reconciliation).
 *
 * @param key the key, sent as {@code Authorization: Bearer <key>}; without one every admin request is refused
 */
@ConfigurationProperties("pulse.admin")
public record AdminProperties(String key) {
}
