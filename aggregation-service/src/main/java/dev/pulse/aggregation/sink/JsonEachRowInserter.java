package dev.pulse.aggregation.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import dev.pulse.model.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inserts rows (records whose field names are the columns, in camel case) into a ClickHouse table as one
 * JSONEachRow insert, and returns only after ClickHouse acknowledged it. Fields that are null are left out, so the
 * columns take their defaults.
 */
@Component
class JsonEachRowInserter {

    private final Client client;
    private final ClickHouseProperties properties;
    private final JsonMapper rows;

    JsonEachRowInserter(Client client, ClickHouseProperties properties, EventCodec codec) {
        this.client = client;
        this.properties = properties;
        this.rows = codec.mapper().rebuild().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    /** The mapper rows are written with, for columns that hold JSON text. */
    JsonMapper mapper() {
        return rows;
    }

    void insert(String table, List<?> batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 512);
        for (Object row : batch) {
            body.write(rows.writeValueAsBytes(row));
            body.write('\n');
        }
        client.insert(properties.table(table), new ByteArrayInputStream(body.toByteArray()), ClickHouseFormat.JSONEachRow)
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .close();
    }
}
