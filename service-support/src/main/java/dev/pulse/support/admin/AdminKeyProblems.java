package dev.pulse.support.admin;

import dev.pulse.support.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a request to an admin endpoint without the right admin key with a 401 problem. */
@RestControllerAdvice
class AdminKeyProblems {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unauthorized(AdminKeyException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulse-admin\"")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or wrong admin key", ex.getMessage()));
    }
}
