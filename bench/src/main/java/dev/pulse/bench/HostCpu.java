package dev.pulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole machine's CPU up to a moment, from the first line of {@code /proc/stat} (Linux), in clock ticks. */
record HostCpu(long busy, long total) {

    static HostCpu read() {
        try {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice; guests are already in user
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new HostCpu(total - idle, total);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The share of the machine's CPU time that was busy since {@code start}, 0 to 1. */
    double busySince(HostCpu start) {
        long total = this.total - start.total;
        return total == 0 ? 0 : (double) (busy - start.busy) / total;
    }
}
