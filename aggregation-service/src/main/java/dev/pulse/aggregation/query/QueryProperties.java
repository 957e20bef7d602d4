package dev.pulse.aggregation.query;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and routing of the query API.
 *
 * @param timeout longest a ClickHouse query may run (its {@code max_execution_time}); past it the answer is 503
 * @param redisWindow how far back a minute series may reach to be answered from Redis instead of ClickHouse
 * @param storedRefresh how often the newest minute ClickHouse holds per tenant is asked again; routing and the
 *        closed-answer cache use an answer at most about this old, so a query costs no extra ClickHouse round trip
 */
@Validated
@ConfigurationProperties("pulse.query")
public record QueryProperties(
        @NotNull @DefaultValue("5s") Duration timeout,
        @NotNull @DefaultValue("1h") Duration redisWindow,
        @NotNull @DefaultValue("1s") Duration storedRefresh) {
}
