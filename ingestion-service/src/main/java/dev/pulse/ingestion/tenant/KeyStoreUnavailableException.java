package dev.pulse.ingestion.tenant;

/** A write key that is not cached could not be looked up, because Redis did not answer in time. */
public class KeyStoreUnavailableException extends RuntimeException {

    public KeyStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
