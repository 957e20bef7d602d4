package dev.pulse.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time and resident memory of a running process, from {@code /proc} (Linux); for a JVM also the CPU time of its
 * JIT compiler threads, which tells whether a run measured warm code or the compiler still at work, and of its
 * garbage collector's threads.
 */
final class ProcessUsage implements AutoCloseable {

    /** {@code USER_HZ}, the unit of {@code /proc}'s CPU times: 100 on every Linux architecture Pulse runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final ProcessHandle process;
    private final Path proc;
    private final Duration cpuAtStart;
    private final Map<String, Long> jitTicksAtStart;
    private final Map<String, Long> gcTicksAtStart;
    private final AtomicLong peakRssKb = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .daemon().name("rss-sampler").factory());

    /** Starts watching: CPU is counted from now, resident memory sampled every 250 ms. */
    ProcessUsage(ProcessHandle process) {
        this.process = process;
        this.proc = Path.of("/proc", Long.toString(process.pid()));
        this.cpuAtStart = cpu();
        this.jitTicksAtStart = ticks(ProcessUsage::compiler);
        this.gcTicksAtStart = ticks(ProcessUsage::collector);
        sampler.scheduleAtFixedRate(() -> peakRssKb.accumulateAndGet(statusKb("VmRSS"), Math::max), 0, 250,
                TimeUnit.MILLISECONDS);
    }

    /** CPU time used since this started watching. */
    Duration cpuUsed() {
        return cpu().minus(cpuAtStart);
    }

    /**
     * CPU time the JVM's C1 and C2 compiler threads used since this started watching (the JVM starts and stops
     * compiler threads as its queue grows and shrinks; the time of one that ended meanwhile is not counted).
     */
    Duration jitCpuUsed() {
        return since(jitTicksAtStart, ticks(ProcessUsage::compiler));
    }

    /** CPU time the garbage collector's threads (ZGC's workers, driver and director; G1's) used since this started. */
    Duration gcCpuUsed() {
        return since(gcTicksAtStart, ticks(ProcessUsage::collector));
    }

    private static Duration since(Map<String, Long> start, Map<String, Long> now) {
        long ticks = 0;
        for (Map.Entry<String, Long> thread : now.entrySet()) {
            ticks += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
        }
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    private static boolean compiler(String thread) {
        return thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre");
    }

    private static boolean collector(String thread) {
        return thread.startsWith("ZWorker") || thread.startsWith("ZDriver") || thread.startsWith("ZDirector")
                || thread.startsWith("GC Thread") || thread.startsWith("G1 ");
    }

    /** The highest resident set size sampled while watching, in MiB. */
    long peakRssMib() {
        return Math.max(peakRssKb.get(), statusKb("VmRSS")) / 1024;
    }

    private Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** User and system clock ticks of each thread whose name passes ({@code /proc/<pid>/task/<tid>/stat}), by id. */
    private Map<String, Long> ticks(java.util.function.Predicate<String> named) {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (named.test(name)) {
                        // after the name: state is field 3 of stat, utime field 14 and stime field 15
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        ticks.put(thread.getFileName().toString(), used);
                    }
                }
                catch (IOException ex) {
                    // the thread ended while being read: the others still count
                }
            }
        }
        catch (IOException ex) {
            // no /proc: counted as nothing
        }
        return ticks;
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
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
