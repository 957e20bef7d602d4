package dev.pulse.aggregation.system;

import dev.pulse.aggregation.leaderboard.LeaderboardDefinitions.ConfiguredLeaderboardException;
import dev.pulse.aggregation.leaderboard.LeaderboardNotFoundException;
import dev.pulse.aggregation.query.InvalidQueryException;
import dev.pulse.aggregation.query.UnknownReadKeyException;
import dev.pulse.support.web.Problems;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/** Maps the aggregation service's failures to RFC 9457 problem details, in one place. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unauthorized(UnknownReadKeyException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulse\"")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or unknown read key", ex.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(LeaderboardNotFoundException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, "not_found", "Not found", ex.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> configured(ConfiguredLeaderboardException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(HttpStatus.CONFLICT, "defined_in_configuration", "Defined in configuration", ex.getMessage()));
    }

    @ExceptionHandler({DataAccessException.class, TimeoutException.class})
    ResponseEntity<ProblemDetail> storeFailed(Exception ex) {
        log.warn("A query failed in ClickHouse or Redis: {}", ex.toString(), ex);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "query_failed", "The query could not be answered",
                        "ClickHouse or Redis did not answer the query (unreachable, or over the time limit); retry later"));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badRequest(InvalidQueryException ex) {
        return ResponseEntity.badRequest()
                .body(Problems.of(HttpStatus.BAD_REQUEST, "invalid_request", "Invalid request", ex.getMessage()));
    }
}
