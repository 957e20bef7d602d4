package dev.pulse.aggregation.reconcile;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often Redis is compared with ClickHouse, and how far back.
 *
 * @param interval pause between two runs
 * @param window how far back closed minutes are compared (never beyond what Redis keeps)
 * @param uniquesTolerance relative difference of unique users tolerated between HyperLogLog and ClickHouse
 */
@Validated
@ConfigurationProperties("pulse.reconciliation")
public record ReconciliationProperties(
        @NotNull @DefaultValue("60s") Duration interval,
        @NotNull @DefaultValue("2h") Duration window,
        @DefaultValue("0.05") double uniquesTolerance) {
}
