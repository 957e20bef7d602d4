package dev.pulse.ingestion.system;

import dev.pulse.ingestion.capture.InvalidEventException;
import dev.pulse.ingestion.capture.KafkaUnavailableException;
import dev.pulse.ingestion.tenant.UnknownWriteKeyException;
import dev.pulse.model.EventFormatException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure to an RFC 9457 problem detail, once, at the edge. Framework errors (415, 405, unreadable
 * bodies) come through the inherited handlers; Pulse's own carry a {@code code} clients can switch on.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail malformed(EventFormatException ex) {
        return problem(HttpStatus.BAD_REQUEST, "malformed_json", "The body is not a valid event", ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidEventException ex) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid_event", "The event breaks the capture contract",
                ex.getMessage());
        problem.setProperty("field", ex.field());
        return problem;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unauthorized(UnknownWriteKeyException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pulse\"")
                .body(problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or unknown write key", ex.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(KafkaUnavailableException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "kafka_unavailable", "Events could not be stored",
                        ex.getMessage()));
    }

    static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://pulse.dev/problems/" + code.replace('_', '-')));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
