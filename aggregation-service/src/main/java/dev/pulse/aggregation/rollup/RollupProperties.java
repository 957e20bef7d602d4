package dev.pulse.aggregation.rollup;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the minute rollups hold and when a minute counts as closed. ClickHouse and Redis read the same settings, so
 * both sides aggregate the same things.
 *
 * @param measures numeric event properties summed (and, in ClickHouse, taken percentiles of) per minute
 * @param lateness how long after the newest event passed a minute's end that minute closes
 * @param hotRetention how long Redis keeps a minute's counters
 */
@Validated
@ConfigurationProperties("pulse.rollups")
public record RollupProperties(
        @DefaultValue({"revenue", "value", "points"}) List<@Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String> measures,
        @NotNull @DefaultValue("2m") Duration lateness,
        @NotNull @DefaultValue("48h") Duration hotRetention) {
}
