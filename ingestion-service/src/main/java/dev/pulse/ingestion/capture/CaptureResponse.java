package dev.pulse.ingestion.capture;

/**
 * The answer to a single-event call, in Segment's shape ({@code success}) plus the stored messageId.
 *
 * @param success always true: failures are problem details
 * @param messageId the event's messageId, generated when the client sent none
 */
record CaptureResponse(boolean success, String messageId) {
}
