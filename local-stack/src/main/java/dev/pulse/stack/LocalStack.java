package dev.pulse.stack;

import dev.pulse.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Real Kafka, ClickHouse and Redis processes on loopback, with everything under one directory:
 * {@code <home>/<engine>/} for data and configuration, {@code <home>/logs/<engine>.log} and
 * {@code <home>/pids/<engine>.pid}. {@link #up()} is idempotent: engines that already run and answer are kept.
 * Used by {@code bin/pulse} (through {@link LocalStackCli}) and by the tests (through {@link TestEngines}).
 */
public final class LocalStack {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final StackSettings settings;
    private final KafkaBroker kafka;
    private final ClickHouseServer clickHouse;
    private final RedisServer redis;
    private final List<Engine> engines;

    public LocalStack(StackSettings settings) {
        this.settings = settings;
        this.kafka = new KafkaBroker(settings.kafkaPort(), settings.kafkaControllerPort(), settings.partitions());
        this.clickHouse = new ClickHouseServer(settings.clickHouseHttpPort(), settings.clickHouseTcpPort(),
                settings.clickHouseInterserverPort());
        this.redis = new RedisServer(settings.redisPort());
        this.engines = List.of(kafka, clickHouse, redis);
    }

    /** Starts every engine that is not running yet, waits until each answers, then creates the Pulse topics. */
    public void up() {
        // start all first, then wait: the three boot in parallel
        List<Engine> started = new ArrayList<>();
        for (Engine engine : engines) {
            if (pidFile(engine).alive().isPresent() && engine.answers()) {
                continue;
            }
            start(engine);
            started.add(engine);
        }
        for (Engine engine : started) {
            awaitAnswer(engine);
        }
        createTopics();
    }

    /**
     * Stops everything this stack started, gracefully: first the processes launched beside the engines (services),
     * then the engines, Kafka last but one so consumers can leave their groups.
     */
    public void down() {
        stopAll(settings.home(), Duration.ofSeconds(30));
    }

    /** Kills everything this stack started at once; for throw-away stacks whose data nobody keeps. */
    public void kill() {
        stopAll(settings.home(), Duration.ZERO);
    }

    /**
     * Stops every process recorded under {@code home}, whatever started it: services before engines. Used for a
     * stack whose settings are unknown, such as one left behind by a test JVM that was killed.
     */
    static void stopAll(Path home, Duration grace) {
        Path pids = home.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return;
        }
        List<String> engineOrder = List.of("redis", "clickhouse", "kafka");
        try (var files = Files.list(pids)) {
            files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .sorted(Comparator.comparingInt(file -> engineOrder.indexOf(file.getFileName().toString().replace(".pid", ""))))
                    .forEach(file -> new PidFile(file).stop(grace));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Starts a process owned by this stack (a Pulse service in an end-to-end test), with its log in
     * {@code logs/<name>.log} and its pid beside the engines', so {@link #down()}, {@link #kill()} and the clean-up of
     * abandoned test runs stop it too.
     */
    public ProcessHandle launch(String name, List<String> command) {
        Path log = settings.home().resolve("logs").resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            new PidFile(pidPath(name)).write(process.toHandle());
            return process.toHandle();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not launch " + name, ex);
        }
    }

    /** A process started with {@link #launch}, while it is alive. */
    public Optional<ProcessHandle> launched(String name) {
        return new PidFile(pidPath(name)).alive();
    }

    /** Stops a process started with {@link #launch}; SIGKILL when {@code graceful} is false. */
    public void stopLaunched(String name, boolean graceful) {
        new PidFile(pidPath(name)).stop(graceful ? Duration.ofSeconds(30) : Duration.ZERO);
    }

    /** The log of an engine or of a launched process. */
    public Path log(String name) {
        return settings.home().resolve("logs").resolve(name + ".log");
    }

    /** Stops one engine (SIGKILL when {@code graceful} is false), for tests of outages. */
    public void stop(String engineName, boolean graceful) {
        pidFile(engine(engineName)).stop(graceful ? Duration.ofSeconds(30) : Duration.ZERO);
    }

    /** Starts one engine again after {@link #stop} and waits until it answers. */
    public void start(String engineName) {
        Engine engine = engine(engineName);
        if (pidFile(engine).alive().isEmpty()) {
            start(engine);
            awaitAnswer(engine);
        }
    }

    public List<EngineStatus> status() {
        return engines.stream().map(engine -> new EngineStatus(engine.name(), engine.port(),
                pidFile(engine).alive().map(ProcessHandle::pid), engine.answers())).toList();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * A command running one of Kafka's own tools ({@code org.apache.kafka.tools.ProducerPerformance}, say) with the
     * broker's classpath, to be pointed at {@link #kafkaBootstrapServers()}.
     */
    public List<String> kafkaTool(String mainClass, List<String> arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", KafkaBroker.brokerClasspath(), mainClass));
        command.addAll(arguments);
        return command;
    }

    public String clickHouseUrl() {
        return clickHouse.url();
    }

    public String redisHost() {
        return "127.0.0.1";
    }

    public int redisPort() {
        return settings.redisPort();
    }

    public StackSettings settings() {
        return settings;
    }

    /** The Spring Boot properties that point a Pulse service at this stack. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("spring.data.redis.host", redisHost());
        properties.put("spring.data.redis.port", Integer.toString(redisPort()));
        properties.put("pulse.clickhouse.url", clickHouseUrl());
        return properties;
    }

    private Engine engine(String name) {
        return engines.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no engine " + name));
    }

    private PidFile pidFile(Engine engine) {
        return new PidFile(pidPath(engine.name()));
    }

    private Path pidPath(String name) {
        return settings.home().resolve("pids").resolve(name + ".pid");
    }

    private Path logFile(Engine engine) {
        return log(engine.name());
    }

    private void start(Engine engine) {
        Path dir = settings.home().resolve(engine.name());
        try {
            engine.prepare(dir);
            Files.createDirectories(logFile(engine).getParent());
            Process process = new ProcessBuilder(engine.command(dir))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(engine).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            pidFile(engine).write(process.toHandle());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not start " + engine.name(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing " + engine.name(), ex);
        }
    }

    private void awaitAnswer(Engine engine) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!engine.answers()) {
            Optional<ProcessHandle> process = pidFile(engine).alive();
            if (process.isEmpty()) {
                throw new IllegalStateException(engine.name() + " exited during start-up; its log says:\n" + tail(engine));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(engine.name() + " did not answer on port " + engine.port() + " within "
                        + START_TIMEOUT.toSeconds() + " s; its log says:\n" + tail(engine));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100); // polling a child process; nothing to be notified by
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + engine.name(), ex);
            }
        }
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            for (String topic : Topics.ALL) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, settings.partitions(), (short) 1)))
                            .all().get(60, TimeUnit.SECONDS);
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic, ex.getCause());
                    }
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Kafka did not create the topics within 60 s", ex);
        }
    }

    private String tail(Engine engine) {
        try {
            List<String> lines = Files.readAllLines(logFile(engine));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    /** What {@link #status()} reports of one engine. */
    public record EngineStatus(String name, int port, Optional<Long> pid, boolean answers) {

        @Override
        public String toString() {
            return "%-10s port %-5d %s".formatted(name, port, pid.map(p -> (answers ? "up, pid " : "starting, pid ") + p)
                    .orElse(answers ? "answers, but was not started by this stack" : "down"));
        }
    }
}
