package dev.pulse.ingestion.ratelimit;

import org.springframework.http.HttpHeaders;

/**
 * What is left of a tenant's rate limit after a request, told to the client in the {@code RateLimit-*} headers of
 * the IETF draft "RateLimit header fields for HTTP".
 *
 * @param limit events per second the tenant may send
 * @param remaining events the tenant may send right now
 * @param resetSeconds seconds until the full burst is available again
 */
public record Quota(long limit, long remaining, long resetSeconds) {

    static final Quota UNLIMITED = new Quota(0, 0, 0);

    public boolean unlimited() {
        return limit == 0;
    }

    /** Writes the {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset} headers; none when unlimited. */
    public void writeTo(HttpHeaders headers) {
        if (!unlimited()) {
            headers.set("RateLimit-Limit", Long.toString(limit));
            headers.set("RateLimit-Remaining", Long.toString(remaining));
            headers.set("RateLimit-Reset", Long.toString(resetSeconds));
        }
    }
}
