package dev.pulse.aggregation.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Applies the versioned migration files {@code db/clickhouse/V<n>__<name>.sql} in order at start-up, before any
 * listener starts, and records each in {@code schema_migrations}. Applied files are skipped; a file changed after it
 * was applied stops the start-up, because the database no longer matches the code. Statements are written with
 * {@code IF NOT EXISTS}, so two replicas starting at once do no harm. {@code ${database}} in a file is replaced by
 * the configured database.
 */
@Component
public class SchemaMigrations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private final Client client;
    private final ClickHouseProperties properties;

    public SchemaMigrations(Client client, ClickHouseProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        execute("CREATE DATABASE IF NOT EXISTS " + properties.database());
        execute("CREATE TABLE IF NOT EXISTS " + properties.table("schema_migrations")
                + " (version UInt32, name String, checksum String, applied_at DateTime('UTC'))"
                + " ENGINE = MergeTree ORDER BY version");
        Map<Integer, String> applied = applied();
        for (Migration migration : migrations()) {
            String recorded = applied.get(migration.version());
            if (recorded == null) {
                apply(migration);
            }
            else if (!recorded.equals(migration.checksum())) {
                throw new IllegalStateException("migration V" + migration.version() + " (" + migration.name()
                        + ") changed after it was applied to " + properties.database() + "; add a new migration instead");
            }
        }
    }

    /** The versions recorded as applied, with their checksums. */
    public Map<Integer, String> applied() {
        String sql = "SELECT version, any(checksum) FROM " + properties.table("schema_migrations")
                + " GROUP BY version FORMAT TabSeparated";
        try (QueryResponse response = client.query(sql, new QuerySettings().setFormat(ClickHouseFormat.TabSeparated))
                .get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            return reader.lines().map(line -> line.split("\t"))
                    .collect(Collectors.toMap(f -> Integer.parseInt(f[0]), f -> f[1]));
        }
        catch (Exception ex) {
            throw new IllegalStateException("could not read applied migrations", ex);
        }
    }

    private void apply(Migration migration) {
        log.info("Applying ClickHouse migration V{} {} to {}", migration.version(), migration.name(), properties.database());
        for (String statement : migration.statements()) {
            execute(statement.replace("${database}", properties.database()));
        }
        execute("INSERT INTO " + properties.table("schema_migrations") + " VALUES (" + migration.version() + ", '"
                + migration.name() + "', '" + migration.checksum() + "', now())");
    }

    private void execute(String sql) {
        try {
            client.execute(sql).get(properties.insertTimeout().toMillis(), TimeUnit.MILLISECONDS).close();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating ClickHouse", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("ClickHouse rejected: " + sql, ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static List<Migration> migrations() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:db/clickhouse/V*.sql");
        return Arrays.stream(files).map(Migration::read).sorted(Comparator.comparingInt(Migration::version)).toList();
    }

    record Migration(int version, String name, String checksum, List<String> statements) {

        static Migration read(Resource file) {
            Matcher matcher = FILE_NAME.matcher(file.getFilename());
            if (!matcher.matches()) {
                throw new IllegalStateException("migration file " + file.getFilename() + " is not named V<n>__<name>.sql");
            }
            try {
                String text = file.getContentAsString(StandardCharsets.UTF_8);
                List<String> statements = Arrays.stream(text.split(";\\s*(\\n|$)"))
                        .map(s -> s.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n")).strip())
                        .filter(s -> !s.isEmpty())
                        .toList();
                return new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2), sha256(text), statements);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        private static String sha256(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
