package dev.pulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An engine's own benchmark tool (Kafka's {@code ProducerPerformance}, {@code redis-benchmark}) run to completion as
 * a child process: what it printed, and the CPU it used, as bash's {@code time} reports it once it has exited.
 *
 * @param output everything the tool printed
 * @param cpu user and system CPU time of the tool's process tree
 */
record ToolRun(String output, Duration cpu) {

    private static final Pattern CPU = Pattern.compile("cpu-seconds ([\\d.]+) ([\\d.]+)");

    /** Runs {@code command}, its output kept in {@code log}; fails when it runs longer than ten minutes. */
    static ToolRun of(List<String> command, Path log) {
        List<String> timed = new ArrayList<>(List.of("bash", "-c", "TIMEFORMAT='cpu-seconds %U %S'; time \"$@\"",
                "bash"));
        timed.addAll(command);
        try {
            Process process = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish; see " + log);
            }
            String output = Files.readString(log);
            Matcher time = CPU.matcher(output);
            if (process.exitValue() != 0 || !time.find()) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "); see " + log);
            }
            return new ToolRun(output, Duration.ofMillis(Math.round(
                    (Double.parseDouble(time.group(1)) + Double.parseDouble(time.group(2))) * 1000)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
