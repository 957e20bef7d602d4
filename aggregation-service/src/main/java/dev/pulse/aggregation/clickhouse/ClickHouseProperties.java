package dev.pulse.aggregation.clickhouse;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where ClickHouse is and how Pulse talks to it.
 *
 * @param url HTTP endpoint, such as {@code http://clickhouse:8123}
 * @param database database holding Pulse's tables; created at start-up when missing
 * @param username ClickHouse user
 * @param password that user's password
 * @param insertTimeout longest wait for ClickHouse to acknowledge one insert
 */
@Validated
@ConfigurationProperties("pulse.clickhouse")
public record ClickHouseProperties(
        @NotBlank String url,
        @NotBlank @DefaultValue("pulse") String database,
        @NotBlank @DefaultValue("default") String username,
        @NotNull @DefaultValue("") String password,
        @NotNull @DefaultValue("30s") Duration insertTimeout) {

    /** {@code database.table}: the client sends no default database, so every statement names its own. */
    public String table(String name) {
        return database + '.' + name;
    }
}
