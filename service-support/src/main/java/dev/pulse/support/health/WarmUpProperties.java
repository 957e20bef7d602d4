package dev.pulse.support.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Warm-up before readiness.
 *
 * @param timeout longest a warm-up task may take; past it the pod serves anyway
 * @param rounds how many times the hot-path tasks run their sample events, enough for the JIT to compile them
 */
@ConfigurationProperties("pulse.warm-up")
public record WarmUpProperties(@DefaultValue("20s") Duration timeout, @DefaultValue("5000") int rounds) {
}
