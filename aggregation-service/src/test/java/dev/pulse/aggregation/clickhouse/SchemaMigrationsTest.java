package dev.pulse.aggregation.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import dev.pulse.stack.TestEngines;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Migrations against a real ClickHouse server. */
class SchemaMigrationsTest {

    private final ClickHouseProperties properties = new ClickHouseProperties(TestEngines.get().clickHouseUrl(),
            "migrations_" + UUID.randomUUID().toString().replace("-", ""), "default", "", Duration.ofSeconds(30));
    private final Client client = new ClickHouseConfiguration().clickHouseClient(properties);

    @AfterEach
    void close() throws Exception {
        client.execute("DROP DATABASE IF EXISTS " + properties.database()).get().close();
        client.close();
    }

    @Test
    void appliesEveryMigrationOnceAndRecordsIt() throws Exception {
        SchemaMigrations migrations = new SchemaMigrations(client, properties);

        migrations.afterPropertiesSet();
        migrations.afterPropertiesSet();

        assertThat(migrations.applied()).containsOnlyKeys(
                SchemaMigrations.migrations().stream().map(SchemaMigrations.Migration::version).toArray(Integer[]::new));
        assertThat(rowsIn("schema_migrations")).isEqualTo(SchemaMigrations.migrations().size());
        assertThat(rowsIn("events")).isZero();
    }

    @Test
    void refusesToStartWhenAnAppliedMigrationChanged() throws Exception {
        new SchemaMigrations(client, properties).afterPropertiesSet();
        client.execute("ALTER TABLE " + properties.table("schema_migrations") + " DELETE WHERE version = 1").get().close();
        client.execute("INSERT INTO " + properties.table("schema_migrations") + " VALUES (1, 'events', 'edited', now())")
                .get().close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "edited".equals(new SchemaMigrations(client, properties).applied().get(1)));

        assertThatThrownBy(() -> new SchemaMigrations(client, properties).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V1 (events) changed after it was applied");
    }

    private long rowsIn(String table) throws Exception {
        try (var response = client.query("SELECT count() FROM " + properties.table(table) + " FORMAT TabSeparated",
                new com.clickhouse.client.api.query.QuerySettings().setFormat(com.clickhouse.data.ClickHouseFormat.TabSeparated)).get()) {
            return Long.parseLong(new String(response.getInputStream().readAllBytes()).trim());
        }
    }
}
