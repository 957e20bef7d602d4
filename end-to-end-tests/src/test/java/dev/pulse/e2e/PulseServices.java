package dev.pulse.e2e;

import static org.awaitility.Awaitility.await;

import dev.pulse.stack.LocalStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services as separate JVMs running their executable jars against the test engines, owned by the test
 * stack (so a killed test run's services are cleaned up with its engines).
 */
final class PulseServices {

    static final List<String> NAMES = List.of("ingestion-service", "enrichment-service", "aggregation-service");
    private static final Path JARS = Path.of("target", "services");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalStack stack;
    private final Map<String, Ports> ports = new LinkedHashMap<>();

    PulseServices(LocalStack stack) {
        this.stack = stack;
    }

    /** Starts all three with {@code properties} (on top of the test profile) and waits until each is ready. */
    void start(Map<String, String> properties) {
        for (String name : NAMES) {
            Ports servicePorts = new Ports(freePort(), freePort());
            ports.put(name, servicePorts);
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-XX:+UseZGC", "-XX:+UseCompactObjectHeaders",
                    "-jar", JARS.resolve(name + ".jar").toAbsolutePath().toString(),
                    "--spring.profiles.active=test",
                    "--server.port=" + servicePorts.http(),
                    "--management.server.port=" + servicePorts.management()));
            stack.springProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
            properties.forEach((key, value) -> command.add("--" + key + "=" + value));
            stack.launch(name, command);
        }
        for (String name : NAMES) {
            await(name + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .failFast(name + " exited; see " + stack.log(name), () -> stack.launched(name).isEmpty())
                    .until(() -> ready(name));
        }
    }

    void stop() {
        NAMES.forEach(name -> stack.stopLaunched(name, true));
    }

    URI http(String name, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(name).http() + path);
    }

    URI management(String name, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(name).management() + path);
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
