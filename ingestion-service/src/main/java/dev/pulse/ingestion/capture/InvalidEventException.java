package dev.pulse.ingestion.capture;

/** One event that breaks the capture contract; its batch goes on without it. */
public class InvalidEventException extends RuntimeException {

    private final String code;
    private final String field;

    public InvalidEventException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
