package dev.pulse.support.admin;

import dev.pulse.support.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Guards the controllers marked {@link AdminEndpoints}: the admin key is checked before anything else of the request
 * is read — path variables and bodies are validated only afterwards, so a caller without the key learns nothing from
 * a validation answer — and a missing or wrong key is answered with a 401 problem. Other controllers are left alone:
 * a {@code @ModelAttribute} method of an advice that applies to every controller is invoked (reflectively) on every
 * request, the event path's included.
 */
@RestControllerAdvice(annotations = AdminEndpoints.class)
class AdminKeyProblems {

    private final AdminKey adminKey;

    AdminKeyProblems(AdminKey adminKey) {
        this.adminKey = adminKey;
    }

    /** Runs before a handler's arguments are resolved (and validated). */
    @ModelAttribute
    void adminKeyFirst(ServerWebExchange exchange) {
        adminKey.verify(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unauthorized(AdminKeyException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulse-admin\"")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or wrong admin key", ex.getMessage()));
    }
}
