package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Who got the machine's cores during one phase: the CPU time of each process the phase involves (the service, this
 * driver, the engines) and how busy the whole machine was. On two shared cores a stage's throughput is bounded by
 * everything else that runs beside it, and this says how much that was.
 */
final class CpuSplit {

    /** The name this JVM (the load driver) has in a split. */
    static final String DRIVER = "load driver (this JVM)";

    private final Map<String, ProcessHandle> processes;
    private final Map<String, Duration> atStart;
    private final HostCpu hostAtStart = HostCpu.read();
    private final long startNanos = System.nanoTime();

    private CpuSplit(Map<String, ProcessHandle> processes) {
        this.processes = processes;
        this.atStart = cpu(processes);
    }

    /** Starts counting for {@code named} processes, this JVM and every engine of {@code stack} that is up. */
    static CpuSplit start(LocalStack stack, Map<String, ProcessHandle> named) {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>(named);
        for (LocalStack.EngineStatus engine : stack.status()) {
            engine.pid().flatMap(ProcessHandle::of).ifPresent(process -> processes.put(engine.name(), process));
        }
        return start(processes);
    }

    /** Starts counting for {@code named} processes and this JVM. */
    static CpuSplit start(Map<String, ProcessHandle> named) {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>(named);
        processes.put(DRIVER, ProcessHandle.current());
        return new CpuSplit(processes);
    }

    /**
     * What the phase used.
     *
     * @param cpu CPU time of each process since the start, in the order they were named
     * @param hostBusy the share of the whole machine's CPU that was busy, 0 to 1
     * @param elapsed the phase's length
     */
    record Result(Map<String, Duration> cpu, double hostBusy, Duration elapsed) {

        /** The cores {@code process} kept busy on average. */
        double cores(String process) {
            return cpu.get(process).toNanos() / (double) elapsed.toNanos();
        }

        /** Microseconds of {@code process}'s CPU per unit of work ({@code units} of them in the phase). */
        double microsPer(String process, long units) {
            return units == 0 ? 0 : cpu.get(process).toNanos() / 1_000.0 / units;
        }

        /** The same phase with {@code process}'s CPU counted too: a tool whose CPU was measured another way. */
        Result with(String process, Duration used) {
            Map<String, Duration> more = new LinkedHashMap<>();
            more.put(process, used);
            more.putAll(cpu);
            return new Result(more, hostBusy, elapsed);
        }

        /** Microseconds of CPU per unit that all the processes used together. */
        double microsPerInAll(long units) {
            return cpu.keySet().stream().mapToDouble(process -> microsPer(process, units)).sum();
        }

        /** Microseconds of CPU per unit that every process but {@code excluded} used together. */
        double microsBeside(String excluded, long units) {
            return microsPerInAll(units) - (cpu.containsKey(excluded) ? microsPer(excluded, units) : 0);
        }

        /** A table: each process's cores and CPU per unit ({@code unit} names it), and how busy the machine was. */
        String markdown(long units, String unit) {
            StringBuilder table = new StringBuilder("| process | cores | µs of CPU per %s |%n|---|---:|---:|%n"
                    .formatted(unit));
            cpu.keySet().forEach(process -> table.append("| %s | %.2f | %.1f |%n".formatted(process, cores(process),
                    microsPer(process, units))));
            return table.append("| the whole machine, busy | %.0f %% of %d cores | |%n".formatted(hostBusy * 100,
                    Runtime.getRuntime().availableProcessors())).toString();
        }

        String json(long units) {
            return cpu.keySet().stream()
                    .map(process -> "{\"process\":\"%s\",\"cpuSeconds\":%.3f,\"microsPerUnit\":%.2f}"
                            .formatted(process, cpu.get(process).toMillis() / 1000.0, microsPer(process, units)))
                    .collect(Collectors.joining(",", "{\"hostBusy\":%.3f,\"processes\":[".formatted(hostBusy), "]}"));
        }
    }

    Result stop() {
        Map<String, Duration> now = cpu(processes);
        Map<String, Duration> used = new LinkedHashMap<>();
        atStart.forEach((process, start) -> used.put(process, now.getOrDefault(process, start).minus(start)));
        return new Result(used, HostCpu.read().busySince(hostAtStart), Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static Map<String, Duration> cpu(Map<String, ProcessHandle> processes) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        processes.forEach((name, process) -> process.info().totalCpuDuration().ifPresent(used -> cpu.put(name, used)));
        return cpu;
    }
}
