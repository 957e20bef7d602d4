package dev.pulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The engines of a test run: one {@link LocalStack} per test JVM, on free ports, in a fresh directory, started on
 * first use and killed when the JVM exits. It never reuses a stack a developer left running. Runs whose JVM died
 * without cleaning up (kill -9) are found and cleaned at the next start: their engines are killed and their
 * directories removed.
 */
public final class TestEngines {

    private static final Path RUNS = Path.of(System.getProperty("java.io.tmpdir"), "pulse-test-engines");
    private static final int PARTITIONS = 3;

    private static LocalStack stack;

    private TestEngines() {
    }

    /** The running stack of this JVM, started on first call. */
    public static synchronized LocalStack get() {
        if (stack == null) {
            stack = start(RUNS);
        }
        return stack;
    }

    static LocalStack start(Path runs) {
        cleanStaleRuns(runs);
        ProcessHandle self = ProcessHandle.current();
        Path home = runs.resolve("run-" + self.pid() + "-" + System.nanoTime());
        new PidFile(home.resolve("owner.pid")).write(self);
        LocalStack started = new LocalStack(StackSettings.onFreePorts(home, PARTITIONS));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.kill();
            // -Dpulse.test-engines.keep=true keeps the run's directory, logs included, to look into a failure
            if (!Boolean.getBoolean("pulse.test-engines.keep")) {
                deleteTree(home);
            }
        }, "pulse-test-engines-stop"));
        started.up();
        return started;
    }

    /** Kills the engines of every run whose owning JVM is gone, and deletes the run's directory. */
    static void cleanStaleRuns(Path runs) {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            dirs.filter(Files::isDirectory)
                    .filter(dir -> new PidFile(dir.resolve("owner.pid")).alive().isEmpty())
                    .forEach(dir -> {
                        LocalStack.stopAll(dir, Duration.ZERO);
                        deleteTree(dir);
                    });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
