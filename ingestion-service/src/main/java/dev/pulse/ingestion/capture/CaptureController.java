package dev.pulse.ingestion.capture;

import dev.pulse.ingestion.ratelimit.Quota;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventType;
import dev.pulse.support.web.Problems;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segment-compatible capture: one event per call on {@code /v1/<type>}, many on {@code /v1/batch} (a JSON envelope
 * or NDJSON). Bodies may be gzipped. Answers only after Kafka acknowledged every accepted event.
 */
@RestController
class CaptureController {

    private final RequestBodies bodies;
    private final EventIntake intake;
    private final EventCodec codec;
    private final Set<String> trustedProxies;
    private final ObjectWriter batchAnswers;

    /**
     * The answer to a batch is written with a writer prefetched for its type, by the same mapper as WebFlux's
     * encoder: the encoder resolves its writer and hints again for every response.
     */
    CaptureController(RequestBodies bodies, EventIntake intake, EventCodec codec, CaptureProperties properties,
            JsonMapper json) {
        this.bodies = bodies;
        this.intake = intake;
        this.codec = codec;
        this.trustedProxies = properties.trustedProxies();
        this.batchAnswers = json.writerFor(BatchResponse.class);
    }

    @PostMapping(path = "/v1/{type:track|page|screen|identify|group|alias}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> single(@PathVariable String type, ServerHttpRequest request) {
        EventType impliedType = EventType.valueOf(type.toUpperCase(Locale.ROOT));
        return capture(request, body -> EventBatch.single(body, codec), impliedType, CaptureController::singleResponse);
    }

    @PostMapping(path = "/v1/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> batch(ServerHttpRequest request) {
        return capture(request, body -> EventBatch.envelope(body, codec), null, this::batchResponse);
    }

    @PostMapping(path = "/v1/batch", consumes = MediaType.APPLICATION_NDJSON_VALUE)
    Mono<ResponseEntity<?>> ndjson(ServerHttpRequest request) {
        return capture(request, body -> EventBatch.ndjson(body, codec), null, this::batchResponse);
    }

    private Mono<ResponseEntity<?>> capture(ServerHttpRequest request, Function<byte[], EventBatch> parse,
            EventType impliedType, BiFunction<CaptureResult, Quota, ResponseEntity<?>> answer) {
        HttpHeaders headers = request.getHeaders();
        var sender = new EventIntake.Sender(headers.getFirst(HttpHeaders.AUTHORIZATION), clientIp(request),
                headers.getFirst(HttpHeaders.USER_AGENT));
        return bodies.read(request)
                .map(parse)
                .flatMap(batch -> intake.submit(batch, impliedType, sender))
                .map(captured -> answer.apply(captured.result(), captured.quota()));
    }

    private static ResponseEntity<?> singleResponse(CaptureResult result, Quota quota) {
        if (!result.accepted().isEmpty()) {
            return ok(quota)
                    .body(Map.of("success", true, "messageId", result.accepted().getFirst().messageId()));
        }
        if (!result.duplicates().isEmpty()) {
            return ok(quota)
                    .body(Map.of("success", true, "messageId", result.duplicates().getFirst().messageId(),
                            "duplicate", true));
        }
        CaptureResult.Rejection rejection = result.rejected().getFirst();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, rejection.code(), "The event was rejected",
                rejection.message());
        if (rejection.field() != null) {
            problem.setProperty("field", rejection.field());
        }
        return rejected(quota).body(problem);
    }

    private ResponseEntity<?> batchResponse(CaptureResult result, Quota quota) {
        if (result.anyStored()) {
            return ok(quota).body(batchAnswers.writeValueAsBytes(
                    new BatchResponse(true, result.accepted(), result.duplicates(), result.rejected())));
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "all_events_rejected", "No event was accepted",
                "every event of the request was rejected; see 'rejected'");
        problem.setProperty("rejected", result.rejected());
        return rejected(quota).body(problem);
    }

    /** JSON, named rather than negotiated: the answer has one form, and negotiating it was 1.5 % of the CPU. */
    private static ResponseEntity.BodyBuilder ok(Quota quota) {
        return ResponseEntity.ok().headers(quota::writeTo).contentType(MediaType.APPLICATION_JSON);
    }

    private static ResponseEntity.BodyBuilder rejected(Quota quota) {
        return ResponseEntity.badRequest().headers(quota::writeTo).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private String clientIp(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        return ClientAddresses.clientIp(peer, request.getHeaders().getFirst("X-Forwarded-For"), trustedProxies);
    }

    /**
     * The answer to a batch with at least one event stored.
     *
     * @param success always true: a request with nothing stored is a problem detail
     * @param accepted events now durable in Kafka
     * @param duplicates events already stored before, not published again
     * @param rejected events that break the contract
     */
    record BatchResponse(boolean success, List<CaptureResult.Outcome> accepted,
            List<CaptureResult.Outcome> duplicates, List<CaptureResult.Rejection> rejected) {
    }
}
