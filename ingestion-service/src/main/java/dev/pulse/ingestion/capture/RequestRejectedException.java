package dev.pulse.ingestion.capture;

import org.springframework.http.HttpStatus;

/** A request refused as a whole, before any of its events was looked at: too large, malformed, wrongly encoded. */
public class RequestRejectedException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public RequestRejectedException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
