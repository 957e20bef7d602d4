package dev.pulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Every stop-the-world pause of a JVM, read from its unified GC log ({@code -Xlog:gc+phases=info}: ZGC logs each
 * "Pause Mark Start", "Pause Mark End" and "Pause Relocate Start" with its length), as a distribution.
 *
 * @param pauses how many pauses the log holds
 * @param p99Millis 99th percentile pause
 * @param p999Millis 99.9th percentile pause
 * @param maxMillis longest pause
 */
record GcPauses(long pauses, double p99Millis, double p999Millis, double maxMillis) {

    private static final Pattern PAUSE = Pattern.compile("Pause [^\\n]*? ([\\d.]+)ms$", Pattern.MULTILINE);

    static GcPauses read(Path log) {
        try {
            return of(Files.readString(log));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static GcPauses of(String log) {
        Histogram micros = new Histogram(3);
        Matcher matcher = PAUSE.matcher(log);
        while (matcher.find()) {
            micros.recordValue(Math.round(Double.parseDouble(matcher.group(1)) * 1000));
        }
        return new GcPauses(micros.getTotalCount(), micros.getValueAtPercentile(99) / 1000.0,
                micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0);
    }

    /** JVM options that make each JVM write its pauses to {@code gc-<pid>.log} in {@code directory}. */
    static List<String> jvmOptions(Path directory) {
        return List.of("-Xlog:gc+phases=info:file=" + directory.toAbsolutePath().resolve("gc-%p.log"));
    }

    /** The pauses of the JVM with {@code pid}, logged as {@link #jvmOptions} asked. */
    static GcPauses ofPid(Path directory, long pid) {
        return read(directory.resolve("gc-" + pid + ".log"));
    }
}
