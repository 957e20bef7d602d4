package dev.pulse.support.health;

import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Work a pod does once before it reports ready: load a cache, open a connection, run the hot path on a sample so
 * the first real requests do not pay for class loading and the JIT. Declared as beans; run by {@link WarmUp}.
 */
public interface WarmUpTask {

    /** Short name shown in the readiness details. */
    String name();

    /** Completes when the work is done; an error or a time-out is logged and does not keep the pod unready. */
    Mono<?> run();

    /** A task whose work is a reactive chain, assembled when the task runs. */
    static WarmUpTask of(String name, Supplier<Mono<?>> work) {
        return new WarmUpTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<?> run() {
                return Mono.defer(work);
            }
        };
    }

    /** A task whose work is blocking code (WarmUp runs it off the event loops). */
    static WarmUpTask blocking(String name, Runnable work) {
        return of(name, () -> Mono.fromRunnable(work));
    }
}
