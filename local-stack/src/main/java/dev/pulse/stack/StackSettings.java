package dev.pulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a stack keeps its files and which loopback ports its engines listen on.
 *
 * @param home directory holding every engine's data, configuration, logs and pid files
 * @param kafkaPort Kafka client listener
 * @param kafkaControllerPort Kafka KRaft controller listener
 * @param clickHouseHttpPort ClickHouse HTTP interface (the one the services use)
 * @param clickHouseTcpPort ClickHouse native protocol ({@code clickhouse-client})
 * @param clickHouseInterserverPort ClickHouse interserver port (unused by a single node, but it must not collide)
 * @param redisPort Redis
 * @param partitions partitions of each Pulse topic
 */
public record StackSettings(Path home, int kafkaPort, int kafkaControllerPort, int clickHouseHttpPort,
        int clickHouseTcpPort, int clickHouseInterserverPort, int redisPort, int partitions) {

    /** The local developer stack: fixed ports off every engine's default, each overridable by an environment variable. */
    public static StackSettings fromEnvironment(Path home, Map<String, String> env) {
        return new StackSettings(home,
                port(env, "PULSE_KAFKA_PORT", 19092),
                port(env, "PULSE_KAFKA_CONTROLLER_PORT", 19093),
                port(env, "PULSE_CLICKHOUSE_HTTP_PORT", 18123),
                port(env, "PULSE_CLICKHOUSE_TCP_PORT", 19000),
                port(env, "PULSE_CLICKHOUSE_INTERSERVER_PORT", 19009),
                port(env, "PULSE_REDIS_PORT", 16379),
                port(env, "PULSE_TOPIC_PARTITIONS", 6));
    }

    /** A stack on ports that are free right now, for a test run that must not collide with anything else. */
    public static StackSettings onFreePorts(Path home, int partitions) {
        List<Integer> ports = freePorts(6);
        return new StackSettings(home, ports.get(0), ports.get(1), ports.get(2), ports.get(3), ports.get(4),
                ports.get(5), partitions);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static List<Integer> freePorts(int count) {
        // hold all sockets open until every port is chosen, so no port is handed out twice
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("no free loopback port", ex);
        }
        finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                }
                catch (IOException ignored) {
                    // closing a probe socket cannot lose anything
                }
            }
        }
    }
}
