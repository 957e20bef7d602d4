package dev.pulse.ingestion.capture;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How ingestion captures events.
 *
 * @param ackTimeout longest wait for Kafka to acknowledge an event before the client gets 503 and retries
 * @param retryAfter the {@code Retry-After} a client is told when Kafka did not acknowledge in time
 */
@Validated
@ConfigurationProperties("pulse.capture")
public record CaptureProperties(
        @NotNull @DefaultValue("1s") Duration ackTimeout,
        @NotNull @DefaultValue("2s") Duration retryAfter) {
}
