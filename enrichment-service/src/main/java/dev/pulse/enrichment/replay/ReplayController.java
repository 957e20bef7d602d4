package dev.pulse.enrichment.replay;

import dev.pulse.support.admin.AdminEndpoints;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /admin/v1/dead-letters/replay}: dead letters back to {@code events.raw}; needs the admin key, which is
 * checked before anything else of a request ({@link AdminEndpoints}).
 */
@AdminEndpoints
@RestController
class ReplayController {

    private final DeadLetterReplay replay;

    ReplayController(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @PostMapping("/admin/v1/dead-letters/replay")
    Mono<DeadLetterReplay.Outcome> replay(@Valid @RequestBody ReplayRequest request) {
        // reading the topic blocks: off the event loop
        return Mono.fromCallable(() -> replay.replay(request)).subscribeOn(Schedulers.boundedElastic());
    }
}
