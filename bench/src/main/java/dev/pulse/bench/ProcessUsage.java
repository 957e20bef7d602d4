package dev.pulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** CPU time and resident memory of a running process, from {@code /proc} (Linux). */
final class ProcessUsage implements AutoCloseable {

    private final ProcessHandle process;
    private final Duration cpuAtStart;
    private final AtomicLong peakRssKb = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .daemon().name("rss-sampler").factory());

    /** Starts watching: CPU is counted from now, resident memory sampled every 250 ms. */
    ProcessUsage(ProcessHandle process) {
        this.process = process;
        this.cpuAtStart = cpu();
        sampler.scheduleAtFixedRate(() -> peakRssKb.accumulateAndGet(statusKb("VmRSS"), Math::max), 0, 250,
                TimeUnit.MILLISECONDS);
    }

    /** CPU time used since this started watching. */
    Duration cpuUsed() {
        return cpu().minus(cpuAtStart);
    }

    /** The highest resident set size sampled while watching, in MiB. */
    long peakRssMib() {
        return Math.max(peakRssKb.get(), statusKb("VmRSS")) / 1024;
    }

    private Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return 0;
        }
        catch (IOException ex) {
            return 0;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
