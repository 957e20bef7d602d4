package dev.pulse.aggregation.query;

import dev.pulse.aggregation.clickhouse.ClickHouseProperties;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Reads for the query API through r2dbc-clickhouse, with every value bound as a named parameter ({@code :name}).
 *
 * <p>Two driver quirks are handled here, once: the driver swallows exceptions thrown while a row is mapped, so rows
 * are read as plain strings (which cannot fail) and any failure is carried out of the mapping and raised afterwards;
 * and it decodes arrays wrongly, so queries return scalars only. Numbers come as text and are parsed by the caller.
 * The connection asks for uncompressed tab-separated answers, the one form the driver reads correctly from 18.16.
 */
@Component
public class ClickHouseQueries {

    private final DatabaseClient client;
    private final Duration timeout;

    public ClickHouseQueries(ClickHouseProperties properties, QueryProperties queries) {
        // ClickHouse stops a query at pulse.query.timeout (max_execution_time); this catches an answer that never
        // comes (a lost connection the driver keeps waiting on), so the caller gets a 503 instead of nothing
        this.timeout = queries.timeout().plusSeconds(2);
        this.client = DatabaseClient.builder()
                .connectionFactory(connectionFactory(properties))
                // Boot's auto-configured client cannot pick ClickHouse's bind markers
                .bindMarkers(BindMarkersFactory.named(":", "p", 32))
                .build();
    }

    static ConnectionFactory connectionFactory(ClickHouseProperties properties) {
        URI http = URI.create(properties.url());
        String user = URLEncoder.encode(properties.username(), StandardCharsets.UTF_8) + ':'
                + URLEncoder.encode(properties.password(), StandardCharsets.UTF_8);
        return ConnectionFactories.get("r2dbc:clickhouse:http://" + user + '@' + http.getHost() + ':' + http.getPort() + '/'
                + properties.database() + "?compress=0&format=TabSeparatedWithNamesAndTypes"
                + "&custom_http_params=default_format%3DTabSeparatedWithNamesAndTypes");
    }

    /** Runs {@code sql} with {@code parameters} bound by name; each row as its columns' text, in select order. */
    public Flux<List<String>> rows(String sql, Map<String, Object> parameters) {
        DatabaseClient.GenericExecuteSpec spec = client.sql(sql);
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            spec = spec.bind(parameter.getKey(), parameter.getValue());
        }
        return spec.map((row, metadata) -> {
            try {
                List<String> columns = new ArrayList<>(metadata.getColumnMetadatas().size());
                for (int i = 0; i < metadata.getColumnMetadatas().size(); i++) {
                    Object value = row.get(i);
                    columns.add(value == null ? null : value.toString());
                }
                return Mapped.of(columns);
            }
            catch (RuntimeException ex) {
                return Mapped.failed(ex);
            }
        }).all().map(Mapped::orThrow).timeout(timeout);
    }

    /** A mapped row, or the failure the driver would have swallowed. */
    private record Mapped(List<String> columns, RuntimeException failure) {

        static Mapped of(List<String> columns) {
            return new Mapped(columns, null);
        }

        static Mapped failed(RuntimeException failure) {
            return new Mapped(null, failure);
        }

        List<String> orThrow() {
            if (failure != null) {
                throw new IllegalStateException("could not read a ClickHouse row", failure);
            }
            return columns;
        }
    }
}
