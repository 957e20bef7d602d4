package dev.pulse.aggregation.query;

/** A query without a read key, or with one no tenant owns. */
public class UnknownReadKeyException extends RuntimeException {

    public UnknownReadKeyException(String message) {
        super(message);
    }
}
