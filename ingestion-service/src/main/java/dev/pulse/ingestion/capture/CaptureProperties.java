package dev.pulse.ingestion.capture;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How ingestion captures events: its limits, its patience with Kafka and its dedup window.
 *
 * @param ackTimeout longest wait for Kafka to acknowledge a request's events before the client gets 503 and retries
 * @param retryAfter the {@code Retry-After} a client is told with a 503
 * @param maxRequestSize largest request body, counted after decompression
 * @param maxEventSize largest single event
 * @param maxBatchEvents most events in one request
 * @param maxNestingDepth deepest JSON nesting accepted in a request
 * @param maxInFlight most event bytes waiting for Kafka at once; beyond it requests get 503 instead of memory
 * @param dedupWindow how long a messageId is remembered as seen
 * @param dedupTimeout longest wait for the first-seen store; past it the event is published and deduplicated later
 * @param trustedProxies addresses of proxies whose {@code X-Forwarded-For} names the client; none by default
 */
@Validated
@ConfigurationProperties("pulse.capture")
public record CaptureProperties(
        @NotNull @DefaultValue("1s") Duration ackTimeout,
        @NotNull @DefaultValue("2s") Duration retryAfter,
        @NotNull @DefaultValue("500KB") DataSize maxRequestSize,
        @NotNull @DefaultValue("32KB") DataSize maxEventSize,
        @Min(1) @DefaultValue("2500") int maxBatchEvents,
        @Min(4) @DefaultValue("32") int maxNestingDepth,
        @NotNull @DefaultValue("32MB") DataSize maxInFlight,
        @NotNull @DefaultValue("24h") Duration dedupWindow,
        @NotNull @DefaultValue("250ms") Duration dedupTimeout,
        @NotNull @DefaultValue Set<String> trustedProxies) {
}
