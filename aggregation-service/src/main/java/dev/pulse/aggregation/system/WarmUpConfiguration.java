package dev.pulse.aggregation.system;

import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.aggregation.query.ClickHouseQueries;
import dev.pulse.support.health.WarmUpTask;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Before readiness: one query through the query path's driver, so the first dashboard does not open the pool. */
@Configuration(proxyBeanMethods = false)
class WarmUpConfiguration {

    @Bean
    WarmUpTask queryWarmUp(ClickHouseQueries queries, ClickHouseProperties clickHouse) {
        return WarmUpTask.of("clickhouse-queries", () -> queries.rows("SELECT count() FROM "
                + clickHouse.table("events_minute") + " WHERE tenant = :tenant", Map.of("tenant", "warm-up")).then());
    }
}
