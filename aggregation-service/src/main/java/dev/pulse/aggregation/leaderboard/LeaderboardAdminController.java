package dev.pulse.aggregation.leaderboard;

import dev.pulse.model.EventKeys;
import dev.pulse.support.admin.AdminEndpoints;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Creates, lists and removes a tenant's leaderboards; guarded by the deployment's admin key, which is checked before
 * anything else of a request ({@link AdminEndpoints}).
 */
@AdminEndpoints
@RestController
class LeaderboardAdminController {

    private final LeaderboardDefinitions definitions;

    LeaderboardAdminController(LeaderboardDefinitions definitions) {
        this.definitions = definitions;
    }

    @GetMapping("/admin/v1/tenants/{tenant}/leaderboards")
    Mono<List<Leaderboard>> list(@PathVariable @Pattern(regexp = EventKeys.TENANT_ID) String tenant) {
        return definitions.of(tenant);
    }

    @PutMapping("/admin/v1/tenants/{tenant}/leaderboards/{name}")
    Mono<Leaderboard> save(@PathVariable @Pattern(regexp = EventKeys.TENANT_ID) String tenant,
            @PathVariable @Pattern(regexp = Leaderboard.NAME) String name, @Valid @RequestBody Definition definition) {
        return definitions.save(tenant, new Leaderboard(name, definition.event(), definition.memberProperty(),
                definition.scoreProperty(), definition.window()));
    }

    @DeleteMapping("/admin/v1/tenants/{tenant}/leaderboards/{name}")
    Mono<ResponseEntity<Void>> delete(@PathVariable @Pattern(regexp = EventKeys.TENANT_ID) String tenant,
            @PathVariable @Pattern(regexp = Leaderboard.NAME) String name) {
        return definitions.delete(tenant, name).map(removed -> {
            if (!removed) {
                throw new LeaderboardNotFoundException("no stored leaderboard named " + name);
            }
            return ResponseEntity.noContent().build();
        });
    }

    /**
     * A leaderboard definition as the admin endpoint takes it; the name comes from the path.
     *
     * @param event the event name that scores
     * @param memberProperty the property naming the member; the event's userId when absent
     * @param scoreProperty the numeric property added per event; 1 per event when absent
     * @param window {@code all-time}, {@code day} or {@code week}
     */
    record Definition(@NotBlank String event, @Pattern(regexp = Leaderboard.NAME) String memberProperty,
            @Pattern(regexp = Leaderboard.NAME) String scoreProperty, @NotNull Leaderboard.Window window) {
    }
}
