package dev.pulse.aggregation.leaderboard;

import jakarta.validation.Valid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Leaderboards defined in configuration, per tenant, beside those created through the admin endpoint.
 *
 * @param tenants the definitions per tenant id, such as {@code pulse.leaderboards.tenants.acme[0].name}
 * @param cacheTtl how long the aggregation keeps a tenant's definitions before reading them again from Redis
 */
@Validated
@ConfigurationProperties("pulse.leaderboards")
public record LeaderboardProperties(
        @DefaultValue Map<String, List<@Valid Leaderboard>> tenants,
        @DefaultValue("5s") Duration cacheTtl) {
}
