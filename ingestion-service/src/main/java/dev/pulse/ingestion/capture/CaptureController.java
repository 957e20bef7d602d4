package dev.pulse.ingestion.capture;

import dev.pulse.ingestion.tenant.WriteKeys;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventType;
import dev.pulse.model.MessageIds;
import dev.pulse.model.RawEvent;
import java.net.InetSocketAddress;
import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Segment-compatible single-event capture. */
@RestController
class CaptureController {

    private final WriteKeys writeKeys;
    private final EventCodec codec;
    private final EventPublisher publisher;
    private final Clock clock;

    CaptureController(WriteKeys writeKeys, EventCodec codec, EventPublisher publisher, Clock clock) {
        this.writeKeys = writeKeys;
        this.codec = codec;
        this.publisher = publisher;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/track", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<CaptureResponse> track(@RequestBody byte[] body, ServerHttpRequest request) {
        String tenant = writeKeys.tenantOf(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        RawEvent event = validTrack(codec.decodeRaw(body))
                .accepted(tenant, clock.instant(), clientIp(request), request.getHeaders().getFirst(HttpHeaders.USER_AGENT));
        return publisher.publish(event).thenReturn(new CaptureResponse(true, event.messageId()));
    }

    static RawEvent validTrack(RawEvent event) {
        if (event.type() != null && event.type() != EventType.TRACK) {
            throw new InvalidEventException("type", "/v1/track takes type 'track', not '" + event.type() + "'");
        }
        if (event.event() == null || event.event().isBlank()) {
            throw new InvalidEventException("event", "a track call needs an 'event' name");
        }
        if (event.distinctId() == null || event.distinctId().isBlank()) {
            throw new InvalidEventException("userId", "an event needs a 'userId' or an 'anonymousId'");
        }
        if (event.messageId() != null && event.messageId().length() > MessageIds.MAX_LENGTH) {
            throw new InvalidEventException("messageId", "'messageId' is longer than " + MessageIds.MAX_LENGTH + " characters");
        }
        return event.type() == null ? event.withType(EventType.TRACK) : event;
    }

    private static String clientIp(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}
