package dev.pulse.ingestion.capture;

/** An event that is well-formed JSON but breaks the capture contract (a missing or wrong field). */
public class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
