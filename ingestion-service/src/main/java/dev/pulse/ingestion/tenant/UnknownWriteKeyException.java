package dev.pulse.ingestion.tenant;

/** A request without a write key, or with one no tenant owns. */
public class UnknownWriteKeyException extends RuntimeException {

    public UnknownWriteKeyException(String message) {
        super(message);
    }
}
