package dev.pulse.aggregation.privacy;

import dev.pulse.model.EventKeys;
import dev.pulse.support.admin.AdminEndpoints;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Deletes a user's data on a tenant's request (GDPR); guarded by the deployment's admin key, which is checked before
 * anything else of a request ({@link AdminEndpoints}).
 */
@AdminEndpoints
@RestController
class UserDeletionController {

    private final UserDeletion deletion;

    UserDeletionController(UserDeletion deletion) {
        this.deletion = deletion;
    }

    /** Answers 202: the user is suppressed at once, ClickHouse removes the rows in the background. */
    @DeleteMapping("/admin/v1/tenants/{tenant}/users/{userId}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<UserDeletion.Deletion> delete(@PathVariable @Pattern(regexp = EventKeys.TENANT_ID) String tenant,
            @PathVariable @Size(min = 1, max = 512) String userId) {
        return deletion.delete(tenant, userId);
    }
}
