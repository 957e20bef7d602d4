package dev.pulse.ingestion.capture;

import java.util.List;

/**
 * What happened to each event of a request, by its index in the request.
 *
 * @param accepted events now durable in Kafka
 * @param duplicates events whose messageId was already stored earlier; not published again
 * @param rejected events that break the contract, with the reason
 */
record CaptureResult(List<Outcome> accepted, List<Outcome> duplicates, List<Rejection> rejected) {

    boolean anyStored() {
        return !accepted.isEmpty() || !duplicates.isEmpty();
    }

    /**
     * @param index position of the event in the request, from 0
     * @param messageId its messageId (generated when the client sent none)
     */
    record Outcome(int index, String messageId) {
    }

    /**
     * @param index position of the event in the request, from 0
     * @param messageId its messageId, when it could be read
     * @param code machine-readable reason, such as {@code invalid_event} or {@code event_too_large}
     * @param field the offending field, when one is to blame
     * @param message what is wrong, for a person
     */
    record Rejection(int index, String messageId, String code, String field, String message) {
    }
}
