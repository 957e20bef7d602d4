package dev.pulse.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A fixed arrival rate: every {@code interval} for {@code duration}, a request leaves when it is due, whatever
 * happened to the ones before it, so latency counted from the due time hides no slow answer (no coordinated
 * omission). {@code send} gets the due time ({@link System#nanoTime()}) and returns the request's completion.
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /** Runs the loop and waits until every request sent has completed. */
    static void run(Duration duration, long intervalNanos, LongFunction<CompletableFuture<?>> send) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (long due = start; due < end; due += intervalNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait); // each request leaves when it is due
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            inFlight.add(send.apply(due));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }
}
