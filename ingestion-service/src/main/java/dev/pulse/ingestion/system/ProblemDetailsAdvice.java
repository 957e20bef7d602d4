package dev.pulse.ingestion.system;

import dev.pulse.ingestion.capture.RequestRejectedException;
import dev.pulse.ingestion.capture.ServiceUnavailableException;
import dev.pulse.ingestion.ratelimit.RateLimitedException;
import dev.pulse.ingestion.tenant.KeyStoreUnavailableException;
import dev.pulse.ingestion.tenant.UnknownWriteKeyException;
import dev.pulse.model.EventFormatException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every request-level failure to an RFC 9457 problem detail, once, at the edge. Framework errors (415, 405)
 * come through the inherited handlers; Pulse's own, through {@link ErrorResponses}, carry a {@code code} clients can
 * switch on. Failures of single events within a batch are not exceptions: they are listed in the batch's answer.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler({EventFormatException.class, RequestRejectedException.class, UnknownWriteKeyException.class,
            ServiceUnavailableException.class, KeyStoreUnavailableException.class, RateLimitedException.class})
    ResponseEntity<ProblemDetail> pulseFailure(RuntimeException ex) {
        return ErrorResponses.of(ex);
    }
}
