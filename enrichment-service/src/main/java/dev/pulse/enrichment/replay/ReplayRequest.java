package dev.pulse.enrichment.replay;

import dev.pulse.model.DeadLetterReason;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.Set;

/**
 * Which dead letters to publish again.
 *
 * @param tenant the tenant whose dead letters are replayed; required
 * @param reasons only these reasons; all when empty
 * @param messageIds only these messageIds; all when empty
 * @param from only dead letters written at or after this time
 * @param to only dead letters written before this time
 * @param limit most dead letters replayed by this request
 */
public record ReplayRequest(
        @NotBlank String tenant,
        Set<DeadLetterReason> reasons,
        Set<String> messageIds,
        Instant from,
        Instant to,
        @Min(1) @Max(1_000_000) Integer limit) {

    int limitOrDefault() {
        return limit == null ? 100_000 : limit;
    }
}
