package dev.pulse.ingestion.capture;

import java.time.Duration;

/**
 * Events could not be stored right now (Kafka slow or down, or too many bytes already in flight). Nothing of the
 * request was promised to the client, which retries after {@link #retryAfter()}; events that did reach Kafka are
 * reported as duplicates on that retry.
 */
public class ServiceUnavailableException extends RuntimeException {

    private final String code;
    private final Duration retryAfter;

    public ServiceUnavailableException(String code, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public String code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
