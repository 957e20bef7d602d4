package dev.pulse.ingestion.system;

import dev.pulse.support.web.Problems;
import dev.pulse.ingestion.capture.RequestRejectedException;
import dev.pulse.ingestion.capture.ServiceUnavailableException;
import dev.pulse.ingestion.ratelimit.RateLimitedException;
import dev.pulse.ingestion.tenant.KeyStoreUnavailableException;
import dev.pulse.ingestion.tenant.UnknownWriteKeyException;
import dev.pulse.model.EventFormatException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The one mapping of Pulse's request failures to RFC 9457 problem details with their headers, used by both edges:
 * HTTP ({@link ProblemDetailsAdvice}) and the WebSocket stream, whose acknowledgements carry the same problems.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static ResponseEntity<ProblemDetail> of(Throwable failure) {
        return switch (failure) {
            case EventFormatException ex -> problem(HttpStatus.BAD_REQUEST, "malformed_json",
                    "The body is not valid JSON of the expected shape", ex.getMessage(), new HttpHeaders());
            case RequestRejectedException ex -> problem(ex.status(), ex.code(), "The request was rejected",
                    ex.getMessage(), new HttpHeaders());
            case UnknownWriteKeyException ex -> {
                HttpHeaders headers = new HttpHeaders();
                headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pulse\"");
                yield problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or unknown write key", ex.getMessage(),
                        headers);
            }
            case ServiceUnavailableException ex -> problem(HttpStatus.SERVICE_UNAVAILABLE, ex.code(),
                    "Events could not be stored", ex.getMessage(), retryAfter(Math.max(1, ex.retryAfter().toSeconds())));
            case KeyStoreUnavailableException ex -> problem(HttpStatus.SERVICE_UNAVAILABLE, "key_store_unavailable",
                    "The write key could not be checked", ex.getMessage(), retryAfter(1));
            case RateLimitedException ex -> {
                HttpHeaders headers = retryAfter(ex.retryAfter().toSeconds());
                ex.quota().writeTo(headers);
                yield problem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many events", ex.getMessage(), headers);
            }
            default -> problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Unexpected failure",
                    "the request failed unexpectedly; nothing of it was acknowledged", new HttpHeaders());
        };
    }

    private static HttpHeaders retryAfter(long seconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return headers;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String title, String detail,
            HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).body(Problems.of(status, code, title, detail));
    }
}
