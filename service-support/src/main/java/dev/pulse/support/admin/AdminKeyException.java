package dev.pulse.support.admin;

/** An admin request without the admin key; answered 401. */
public class AdminKeyException extends RuntimeException {

    public AdminKeyException(String message) {
        super(message);
    }
}
