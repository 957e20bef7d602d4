package dev.pulse.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pulse's services as separate JVMs running their executable jars against a {@link LocalStack}, owned by that stack
 * (so a killed run's services are cleaned up with its engines). Used by the end-to-end tests and the benchmarks.
 */
public final class PulseServices {

    public static final List<String> ALL = List.of("ingestion-service", "enrichment-service", "aggregation-service");
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseZGC", "-XX:+UseCompactObjectHeaders");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalStack stack;
    private final Path jars;
    /** Read by load threads while a test restarts an instance: guarded by its own lock. */
    private final Map<String, Ports> ports = Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * @param stack the engines the services use
     * @param jars a folder holding {@code <service>.jar} for each service
     */
    public PulseServices(LocalStack stack, Path jars) {
        this.stack = stack;
        this.jars = jars;
    }

    /**
     * Starts {@code names} in the test profile with {@code jvmOptions} (such as {@code -Xmx256m}) and
     * {@code properties} on top, and waits until each is ready.
     */
    public void start(List<String> names, List<String> jvmOptions, Map<String, String> properties) {
        names.forEach(name -> launch(name, name, jvmOptions, properties));
        names.forEach(this::awaitReady);
    }

    /**
     * Starts one more instance of {@code service} under the name {@code instance} (so several instances of one
     * service can run side by side) and waits until it is ready.
     */
    public void startInstance(String instance, String service, List<String> jvmOptions, Map<String, String> properties) {
        launch(instance, service, jvmOptions, properties);
        awaitReady(instance);
    }

    /** Kills an instance at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill(String instance) {
        stack.stopLaunched(instance, false);
    }

    /** Stops one instance gracefully (SIGTERM), as a rolling update would. */
    public void stop(String instance) {
        stack.stopLaunched(instance, true);
    }

    private void launch(String instance, String service, List<String> jvmOptions, Map<String, String> properties) {
        Ports servicePorts = new Ports(freePort(), freePort());
        ports.put(instance, servicePorts);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jars.resolve(service + ".jar").toAbsolutePath().toString(),
                "--spring.profiles.active=test",
                "--server.port=" + servicePorts.http(),
                "--management.server.port=" + servicePorts.management()));
        stack.springProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        stack.launch(instance, command);
    }

    /** Stops every service this started, gracefully. */
    public void stop() {
        List<String> names;
        synchronized (ports) {
            names = List.copyOf(ports.keySet());
        }
        names.forEach(name -> stack.stopLaunched(name, true));
    }

    public URI http(String name, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(name).http() + path);
    }

    public URI management(String name, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(name).management() + path);
    }

    /** The running service's process. */
    public ProcessHandle process(String name) {
        return stack.launched(name).orElseThrow(() -> new IllegalStateException(name + " is not running"));
    }

    private void awaitReady(String name) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!ready(name)) {
            if (stack.launched(name).isEmpty()) {
                throw new IllegalStateException(name + " exited during start-up; see " + stack.log(name));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT.toSeconds() + " s; see "
                        + stack.log(name));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250); // polling a child process; nothing to be notified by
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, ex);
            }
        }
    }

    private boolean ready(String name) {
        try {
            return HTTP.send(HttpRequest.newBuilder(management(name, "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private record Ports(int http, int management) {
    }
}
