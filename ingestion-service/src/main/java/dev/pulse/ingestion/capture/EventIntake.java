package dev.pulse.ingestion.capture;

import dev.pulse.ingestion.privacy.Suppressions;
import dev.pulse.ingestion.ratelimit.Quota;
import dev.pulse.ingestion.ratelimit.TenantRateLimits;
import dev.pulse.ingestion.tenant.WriteKeys;
import dev.pulse.model.EventType;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one way in for events, shared by HTTP and the WebSocket stream: write key → request limits → the tenant's
 * rate limit → {@link CaptureService}.
 */
@Component
class EventIntake {

    private final WriteKeys writeKeys;
    private final TenantRateLimits rateLimits;
    private final CaptureService capture;
    private final Suppressions suppressions;
    private final CaptureProperties properties;
    private final Clock clock;

    EventIntake(WriteKeys writeKeys, TenantRateLimits rateLimits, CaptureService capture, Suppressions suppressions,
            CaptureProperties properties, Clock clock) {
        this.writeKeys = writeKeys;
        this.rateLimits = rateLimits;
        this.capture = capture;
        this.suppressions = suppressions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Who sent the events and from where.
     *
     * @param authorization the {@code Authorization} header, if any
     * @param clientIp the client's address, as far as it can be trusted
     * @param userAgent the {@code User-Agent} header, used for events that carry none
     */
    record Sender(String authorization, String clientIp, String userAgent) {
    }

    /** The outcome of one request: per-event results and what is left of the tenant's rate limit. */
    record Captured(CaptureResult result, Quota quota) {
    }

    Mono<Captured> submit(EventBatch batch, EventType impliedType, Sender sender) {
        return writeKeys.tenantOf(sender.authorization(), batch.writeKey()).flatMap(tenant -> {
            int events = batch.events().size();
            if (events > properties.maxBatchEvents()) {
                return Mono.error(new RequestRejectedException(HttpStatus.CONTENT_TOO_LARGE, "too_many_events",
                        "a request carries at most " + properties.maxBatchEvents() + " events, this one " + events));
            }
            if (events == 0) {
                return Mono.error(new RequestRejectedException(HttpStatus.BAD_REQUEST, "empty_batch",
                        "the request has no events"));
            }
            Quota quota = rateLimits.consume(tenant, events);
            return suppressions.of(tenant).flatMap(suppressed -> {
                var arrival = new CaptureService.Arrival(tenant, clock.instant(), sender.clientIp(), sender.userAgent(),
                        suppressed);
                return capture.capture(batch, impliedType, arrival);
            }).map(result -> new Captured(result, quota));
        });
    }
}
