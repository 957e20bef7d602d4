package dev.pulse.support.health;

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
}
