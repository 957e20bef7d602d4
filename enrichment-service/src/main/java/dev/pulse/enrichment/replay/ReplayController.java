package dev.pulse.enrichment.replay;

import dev.pulse.support.admin.AdminKey;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /admin/v1/dead-letters/replay}: dead letters back to {@code events.raw}; needs the admin key. */
@RestController
class ReplayController {

    private final DeadLetterReplay replay;
    private final AdminKey adminKey;

    ReplayController(DeadLetterReplay replay, AdminKey adminKey) {
        this.replay = replay;
        this.adminKey = adminKey;
    }

    @PostMapping("/admin/v1/dead-letters/replay")
    Mono<DeadLetterReplay.Outcome> replay(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            String authorization, @Valid @RequestBody ReplayRequest request) {
        adminKey.verify(authorization);
        // reading the topic blocks: off the event loop
        return Mono.fromCallable(() -> replay.replay(request)).subscribeOn(Schedulers.boundedElastic());
    }
}
