package dev.pulse.ingestion.capture;

import java.time.Duration;

/** Kafka did not acknowledge in time: nothing was promised to the client, which should retry after a pause. */
public class KafkaUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public KafkaUnavailableException(Duration retryAfter, Throwable cause) {
        super("events could not be stored right now; retry after " + retryAfter.toSeconds() + " s", cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
