package dev.pulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A pid file that also records the process's start time, so a pid the kernel has since reused for an unrelated
 * process is never taken for ours (and never killed).
 */
record PidFile(Path path) {

    void write(ProcessHandle process) {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, process.pid() + " " + started + "\n");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The recorded process, if it is still alive and is the same process that was recorded. */
    Optional<ProcessHandle> alive() {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            String[] fields = Files.readString(path).trim().split(" ");
            long pid = Long.parseLong(fields[0]);
            long started = fields.length > 1 ? Long.parseLong(fields[1]) : 0L;
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> started == 0L || p.info().startInstant()
                            .map(Instant::toEpochMilli).map(s -> s == started).orElse(true));
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** Stops the recorded process: SIGTERM, then SIGKILL after {@code grace}. Removes the file. */
    void stop(Duration grace) {
        alive().ifPresent(process -> {
            if (grace.isZero()) {
                process.destroyForcibly();
            }
            else {
                process.destroy();
            }
            try {
                process.onExit().get(Math.max(grace.toMillis(), 1), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            catch (java.util.concurrent.TimeoutException ex) {
                process.destroyForcibly();
                process.onExit().join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            catch (java.util.concurrent.ExecutionException ex) {
                throw new IllegalStateException(ex);
            }
        });
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
