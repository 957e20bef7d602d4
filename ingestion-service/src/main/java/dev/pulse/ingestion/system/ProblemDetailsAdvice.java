package dev.pulse.ingestion.system;

import dev.pulse.ingestion.capture.Problems;
import dev.pulse.ingestion.capture.RequestRejectedException;
import dev.pulse.ingestion.capture.ServiceUnavailableException;
import dev.pulse.ingestion.tenant.UnknownWriteKeyException;
import dev.pulse.model.EventFormatException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every request-level failure to an RFC 9457 problem detail, once, at the edge. Framework errors (415, 405)
 * come through the inherited handlers; Pulse's own carry a {@code code} clients can switch on. Failures of single
 * events within a batch are not exceptions: they are listed in the batch's answer.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail malformed(EventFormatException ex) {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not valid JSON of the expected shape",
                ex.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException ex) {
        return ResponseEntity.status(ex.status())
                .body(Problems.of(ex.status(), ex.code(), "The request was rejected", ex.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unauthorized(UnknownWriteKeyException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pulse\"")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or unknown write key", ex.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(ServiceUnavailableException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ex.code(), "Events could not be stored", ex.getMessage()));
    }
}
