package dev.pulse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process), run in a child JVM from the broker
 * jars this module resolved from Maven Central. Replication factors are 1 and transactions work.
 */
record KafkaBroker(int port, int controllerPort, int partitions) implements Engine {

    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void prepare(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(config, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=%4$d
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=%4$d
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=%4$d
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dir.resolve("data").toAbsolutePath(), partitions));
        Files.writeString(dir.resolve("log4j2.properties"), """
                rootLogger.level=WARN
                rootLogger.appenderRef.file.ref=file
                appender.file.type=File
                appender.file.name=file
                appender.file.fileName=%s
                appender.file.layout.type=PatternLayout
                appender.file.layout.pattern=%%d %%p [%%c] %%m%%n
                """.formatted(dir.resolve("server.log").toAbsolutePath()));
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            format(dir, config);
        }
    }

    private void format(Path dir, Path config) throws IOException, InterruptedException {
        List<String> command = java(dir);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "-t", Uuid.randomUuid().toString(), "-c", config.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    @Override
    public List<String> command(Path dir) {
        List<String> command = java(dir);
        command.addAll(List.of("kafka.Kafka", dir.resolve("server.properties").toAbsolutePath().toString()));
        return command;
    }

    private static List<String> java(Path dir) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ArrayList<>(List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseZGC", "-XX:+UseCompactObjectHeaders",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toAbsolutePath(),
                "-cp", brokerClasspath()));
    }

    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build the local-stack module first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }
}
