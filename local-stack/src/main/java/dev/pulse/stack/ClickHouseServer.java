package dev.pulse.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's clickhouse-server as a plain process with a private configuration: its own ports, paths under the
 * stack's directory, UTC, loopback only, and a passwordless {@code default} user reachable from loopback.
 */
record ClickHouseServer(int httpPort, int tcpPort, int interserverPort) implements Engine {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public int port() {
        return httpPort;
    }

    @Override
    public void prepare(Path dir) throws IOException {
        for (String sub : List.of("data", "tmp", "user_files", "format_schemas", "log")) {
            Files.createDirectories(dir.resolve(sub));
        }
        // <yandex> is the root element 18.16 knows; current releases still accept it.
        Files.writeString(dir.resolve("config.xml"), """
                <yandex>
                    <logger>
                        <level>warning</level>
                        <log>%1$s/log/server.log</log>
                        <errorlog>%1$s/log/error.log</errorlog>
                        <size>50M</size>
                        <count>2</count>
                    </logger>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <interserver_http_port>%4$d</interserver_http_port>
                    <listen_host>127.0.0.1</listen_host>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>%1$s/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>UTC</timezone>
                    <mark_cache_size>268435456</mark_cache_size>
                    <max_concurrent_queries>100</max_concurrent_queries>
                </yandex>
                """.formatted(dir.toAbsolutePath(), httpPort, tcpPort, interserverPort));
        Files.writeString(dir.resolve("users.xml"), """
                <yandex>
                    <profiles>
                        <default>
                            <max_memory_usage>4000000000</max_memory_usage>
                        </default>
                    </profiles>
                    <users>
                        <default>
                            <password></password>
                            <networks><ip>::1</ip><ip>127.0.0.1</ip></networks>
                            <profile>default</profile>
                            <quota>default</quota>
                        </default>
                    </users>
                    <quotas>
                        <default>
                            <interval>
                                <duration>3600</duration>
                                <queries>0</queries>
                                <errors>0</errors>
                                <result_rows>0</result_rows>
                                <read_rows>0</read_rows>
                                <execution_time>0</execution_time>
                            </interval>
                        </default>
                    </quotas>
                </yandex>
                """);
    }

    @Override
    public List<String> command(Path dir) {
        return List.of(Binaries.find("clickhouse-server", "PULSE_CLICKHOUSE_SERVER", "clickhouse-server").toString(),
                "--config-file=" + dir.resolve("config.xml").toAbsolutePath());
    }

    @Override
    public boolean answers() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }
}
