package dev.pulse.aggregation.query;

/** A query the service cannot answer as asked: a bad period, range, name or limit. Answered with 400. */
public class InvalidQueryException extends RuntimeException {

    public InvalidQueryException(String message) {
        super(message);
    }
}
