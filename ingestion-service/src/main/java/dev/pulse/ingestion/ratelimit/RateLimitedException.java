package dev.pulse.ingestion.ratelimit;

import java.time.Duration;

/** A tenant sent more events than its rate limit allows; the client is told when to retry. */
public class RateLimitedException extends RuntimeException {

    private final Quota quota;
    private final Duration retryAfter;

    RateLimitedException(Quota quota, Duration retryAfter, String message) {
        super(message);
        this.quota = quota;
        this.retryAfter = retryAfter;
    }

    public Quota quota() {
        return quota;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
