package dev.pulse.support.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a client may take to send a request: without limits, a client trickling a body byte by byte (or opening
 * connections and sending nothing) holds a connection and its buffers for as long as it likes.
 *
 * @param readTimeout longest pause while a request body arrives (before its first bytes, or between two chunks)
 * @param requestTimeout longest time for a whole request body to arrive
 * @param idleTimeout how long a connection may wait for its next request
 */
@ConfigurationProperties("pulse.http")
public record HttpLimitsProperties(
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("60s") Duration idleTimeout) {
}
