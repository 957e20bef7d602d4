package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import dev.pulse.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Fresh engines for one benchmark run, on free ports, killed with the harness JVM even when it is interrupted. */
final class BenchEngines {

    private BenchEngines() {
    }

    static LocalStack start(Path home) {
        LocalStack stack = new LocalStack(StackSettings.onFreePorts(home.resolve("stack"), 6));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::kill, "bench-engines-kill"));
        stack.up();
        return stack;
    }

    /** A fresh folder for one run's engines and files. */
    static Path home() {
        try {
            return Files.createTempDirectory("pulse-bench-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * JVM options that record a JFR profile of a service into {@code out/<name>.jfr}, with deep stacks (Reactor's are
     * long). The folder is made first: the JVM refuses to start when it cannot write the recording.
     */
    static List<String> flightRecording(Path out, String name) {
        try {
            Files.createDirectories(out);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return List.of("-XX:FlightRecorderOptions=stackdepth=256", "-XX:StartFlightRecording=filename="
                + out.toAbsolutePath().resolve(name + ".jfr") + ",settings=profile");
    }

    /** Writes a run's report as {@code <name>.md} and {@code <name>.json} into {@code out}. */
    static void writeReport(Path out, String name, String markdown, String json) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve(name + ".md"), markdown);
            Files.writeString(out.resolve(name + ".json"), json);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The last lines of a process's log on standard error: what a failed run leaves to look at. */
    static void printLogTail(LocalStack stack, String name) {
        try {
            List<String> lines = Files.readAllLines(stack.log(name));
            System.err.println("--- last lines of " + stack.log(name));
            lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.err::println);
        }
        catch (IOException | RuntimeException ex) {
            System.err.println("(no log of " + name + ": " + ex + ")");
        }
    }

    /** A recorded latency (nanoseconds) at {@code percentile}, in milliseconds. */
    static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /** Command-line options {@code --name=value} (or a bare {@code --flag}) by name. */
    static Map<String, String> options(String... args) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            given.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        return given;
    }
}
