package dev.pulse.model;

/** A payload that is not a well-formed event record. The message says what is wrong, for the sender to read. */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
