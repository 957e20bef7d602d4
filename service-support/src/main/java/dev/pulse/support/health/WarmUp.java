package dev.pulse.support.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.event.EventListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code warmUp} health contributor of the readiness group: OUT_OF_SERVICE until every {@link WarmUpTask} has
 * finished once after start-up, then UP for good. A task that fails or times out (Kafka down, say) is reported in
 * the details and does not hold readiness back: an outage every pod shares is no reason to take this one out of
 * service (ARCHITECTURE.md, "Readiness means this pod can serve").
 */
public class WarmUp implements ReactiveHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final List<WarmUpTask> tasks;
    private final Duration timeout;
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private volatile boolean done;

    public WarmUp(List<WarmUpTask> tasks, Duration timeout) {
        this.tasks = List.copyOf(tasks);
        this.timeout = timeout;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        long started = System.nanoTime();
        Flux.fromIterable(tasks)
                .flatMap(task -> task.run()
                        .subscribeOn(Schedulers.boundedElastic())
                        .timeout(timeout)
                        .then(Mono.fromRunnable(() -> outcomes.put(task.name(), "done")))
                        .onErrorResume(ex -> Mono.fromRunnable(() -> failed(task, ex))))
                .doFinally(signal -> {
                    done = true;
                    log.info("Warmed up in {} ms: {}", Duration.ofNanos(System.nanoTime() - started).toMillis(),
                            outcomes);
                })
                .subscribe();
    }

    private void failed(WarmUpTask task, Throwable ex) {
        String reason = ex instanceof TimeoutException ? "timed out after " + timeout : ex.toString();
        outcomes.put(task.name(), "skipped: " + reason);
        log.warn("Warm-up task {} did not finish ({}); serving anyway", task.name(), reason);
    }

    /** Whether warm-up has finished. */
    public boolean done() {
        return done;
    }

    @Override
    public Mono<Health> health() {
        Health.Builder health = done ? Health.up() : Health.outOfService();
        return Mono.just(health.withDetail("tasks", Map.copyOf(outcomes)).build());
    }
}
