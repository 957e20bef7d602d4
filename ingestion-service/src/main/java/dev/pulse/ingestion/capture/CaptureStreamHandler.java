package dev.pulse.ingestion.capture;

import dev.pulse.ingestion.ratelimit.Quota;
import dev.pulse.ingestion.system.ErrorResponses;
import dev.pulse.model.EventCodec;
import dev.pulse.support.web.Problems;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/stream}: a WebSocket whose text frames each carry one event or a batch envelope. Every frame gets one
 * acknowledgement, in frame order, sent only after Kafka acknowledged its accepted events: the answer HTTP would
 * give, plus {@code frame} (its 0-based number on this connection) and {@code status}. Failures are the same problem
 * details as over HTTP. The write key is checked for every frame (from the local cache), so a revoked key stops an
 * open connection too.
 */
@Component
class CaptureStreamHandler implements WebSocketHandler {

    /** Frames of one connection in flight at once; more wait in TCP, which is the client's backpressure. */
    private static final int FRAMES_IN_FLIGHT = 8;

    private final EventIntake intake;
    private final EventCodec codec;
    private final JsonMapper json;
    private final Set<String> trustedProxies;

    CaptureStreamHandler(EventIntake intake, EventCodec codec, CaptureProperties properties) {
        this.intake = intake;
        this.codec = codec;
        this.json = codec.mapper();
        this.trustedProxies = properties.trustedProxies();
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        EventIntake.Sender sender = sender(session.getHandshakeInfo());
        return session.send(session.receive()
                .map(message -> message.getType() == WebSocketMessage.Type.TEXT ? Optional.of(bytes(message))
                        : Optional.<byte[]>empty())
                .index()
                .flatMapSequential(frame -> acknowledge(frame.getT1(), frame.getT2(), sender), FRAMES_IN_FLIGHT)
                .map(ack -> session.textMessage(json.writeValueAsString(ack))));
    }

    private Mono<Map<String, Object>> acknowledge(long frame, Optional<byte[]> text, EventIntake.Sender sender) {
        if (text.isEmpty()) {
            return Mono.just(failure(frame, ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(
                    Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_frame", "Only text frames are read",
                            "send each event or batch as a JSON text frame"))));
        }
        return Mono.fromCallable(() -> EventBatch.frame(text.get(), codec))
                .flatMap(batch -> intake.submit(batch, null, sender))
                .map(captured -> success(frame, captured))
                .onErrorResume(ex -> Mono.just(failure(frame, ErrorResponses.of(ex))));
    }

    private static Map<String, Object> success(long frame, EventIntake.Captured captured) {
        CaptureResult result = captured.result();
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("frame", frame);
        if (result.anyStored()) {
            ack.put("status", 200);
            ack.put("success", true);
            ack.put("accepted", result.accepted());
            ack.put("duplicates", result.duplicates());
        }
        else {
            ack.put("status", 400);
            ack.put("success", false);
            ack.put("code", "all_events_rejected");
        }
        ack.put("rejected", result.rejected());
        rateLimit(captured.quota(), ack);
        return ack;
    }

    private static Map<String, Object> failure(long frame, ResponseEntity<ProblemDetail> response) {
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("frame", frame);
        ack.putAll(problem(response));
        return ack;
    }

    /** A problem detail as a flat JSON object with {@code success: false} and {@code retryAfter} when told. */
    static Map<String, Object> problem(ResponseEntity<ProblemDetail> response) {
        ProblemDetail problem = response.getBody();
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("success", false);
        ack.put("status", problem.getStatus());
        ack.put("type", problem.getType());
        ack.put("title", problem.getTitle());
        ack.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            ack.putAll(problem.getProperties());
        }
        String retryAfter = response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        if (retryAfter != null) {
            ack.put("retryAfter", Long.parseLong(retryAfter));
        }
        return ack;
    }

    private static void rateLimit(Quota quota, Map<String, Object> ack) {
        if (!quota.unlimited()) {
            ack.put("rateLimit", Map.of("limit", quota.limit(), "remaining", quota.remaining(), "reset",
                    quota.resetSeconds()));
        }
    }

    /** The {@code Authorization} header, or else the {@code writeKey} query parameter as a Bearer token. */
    static String authorization(HttpHeaders headers, URI uri) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return authorization;
        }
        // browsers cannot set headers on a WebSocket: they pass the key in the URL
        String writeKey = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("writeKey");
        return writeKey == null ? null : "Bearer " + writeKey;
    }

    private EventIntake.Sender sender(HandshakeInfo handshake) {
        HttpHeaders headers = handshake.getHeaders();
        String authorization = authorization(headers, handshake.getUri());
        InetSocketAddress remote = handshake.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        return new EventIntake.Sender(authorization,
                ClientAddresses.clientIp(peer, headers.getFirst("X-Forwarded-For"), trustedProxies),
                headers.getFirst(HttpHeaders.USER_AGENT));
    }

    private static byte[] bytes(WebSocketMessage message) {
        byte[] bytes = new byte[message.getPayload().readableByteCount()];
        message.getPayload().read(bytes);
        return bytes;
    }
}
