package dev.pulse.enrichment.enrich;

import dev.pulse.model.RawEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * Corrects the client's clock: an event that says it happened at {@code timestamp} and was sent at {@code sentAt}
 * (both by the client's clock) happened {@code sentAt − timestamp} before the server received it. Flags events whose
 * own timestamp lies in the future and events that arrive long after they happened.
 *
 * @param derived the skew-corrected event time
 * @param future whether the client's timestamp is ahead of the receive time beyond the tolerance
 * @param late whether the event arrived more than the lateness bound after it happened
 */
record Timestamps(Instant derived, boolean future, boolean late) {

    static Timestamps of(RawEvent event, Duration futureTolerance, Duration lateAfter) {
        Instant received = event.receivedAt();
        Instant derived;
        if (event.timestamp() != null && event.sentAt() != null && received != null) {
            derived = received.minus(Duration.between(event.timestamp(), event.sentAt()));
        }
        else if (event.timestamp() != null) {
            derived = event.timestamp();
        }
        else {
            derived = received;
        }
        boolean future = event.timestamp() != null && received != null
                && event.timestamp().isAfter(received.plus(futureTolerance));
        boolean late = derived != null && received != null && Duration.between(derived, received).compareTo(lateAfter) > 0;
        return new Timestamps(derived, future, late);
    }
}
