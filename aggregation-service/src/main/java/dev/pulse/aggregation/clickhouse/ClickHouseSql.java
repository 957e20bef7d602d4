package dev.pulse.aggregation.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Plain statements and tab-separated reads over client-v2, for the sink's and reconciliation's own SQL. ClickHouse
 * 18.16 has no server-side query parameters, so the few values that are not numbers or our own formatted times go
 * through {@link #literal}.
 */
@Component
public class ClickHouseSql {

    private final Client client;
    private final ClickHouseProperties properties;

    public ClickHouseSql(Client client, ClickHouseProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** {@code text} as a ClickHouse string literal: quoted, with backslashes and quotes escaped. */
    public static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A field of a tab-separated row as the text it stands for (ClickHouse escapes \\, tab, newline and quotes). */
    public static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                text.append(c);
                continue;
            }
            char escaped = field.charAt(++i);
            text.append(switch (escaped) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case '0' -> '\0';
                default -> escaped;
            });
        }
        return text.toString();
    }

    public String table(String name) {
        return properties.table(name);
    }

    /** Runs a statement and waits until ClickHouse acknowledged it. */
    public void execute(String sql) throws Exception {
        client.execute(sql).get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS).close();
    }

    /** Runs a query and returns its rows, each as its tab-separated fields (escapes left as ClickHouse wrote them). */
    public List<String[]> rows(String sql) throws Exception {
        try (QueryResponse response = client.query(sql + " FORMAT TabSeparated",
                new QuerySettings().setFormat(ClickHouseFormat.TabSeparated))
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isEmpty()).map(line -> line.split("\t", -1)).toList();
        }
    }

    /** The single value a query returns, or null when it returns no row. */
    public String value(String sql) throws Exception {
        List<String[]> rows = rows(sql);
        return rows.isEmpty() ? null : rows.getFirst()[0];
    }
}
