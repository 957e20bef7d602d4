package dev.pulse.ingestion.capture;

import dev.pulse.ingestion.capture.CaptureResult.Outcome;
import dev.pulse.ingestion.capture.CaptureResult.Rejection;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.EventKeys;
import dev.pulse.model.EventType;
import dev.pulse.model.FirstSeen;
import dev.pulse.model.RawEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Captures the events of one request: judge each → drop known duplicates → publish the rest → remember where they
 * were stored. The result is known only after Kafka acknowledged every published event; if any was not, the whole
 * request is answered 503 and the acknowledged ones become duplicates on the client's retry.
 */
@Service
class CaptureService {

    private final EventCodec codec;
    private final EventPublisher publisher;
    private final FirstSeenStore firstSeen;
    private final InFlightBytes inFlight;
    private final CaptureProperties properties;
    private final CaptureMetrics metrics;

    CaptureService(EventCodec codec, EventPublisher publisher, FirstSeenStore firstSeen, InFlightBytes inFlight,
            CaptureProperties properties, CaptureMetrics metrics) {
        this.metrics = metrics;
        this.codec = codec;
        this.publisher = publisher;
        this.firstSeen = firstSeen;
        this.inFlight = inFlight;
        this.properties = properties;
    }

    /**
     * Where and when the request came in: the server-side context every accepted event gets, and the tenant's
     * suppressed users, whose events are refused.
     */
    record Arrival(String tenant, Instant receivedAt, String clientIp, String userAgent, Set<String> suppressed) {
    }

    Mono<CaptureResult> capture(EventBatch batch, EventType impliedType, Arrival arrival) {
        Judged judged = judge(batch, impliedType, arrival);
        long bytes = judged.bytes();
        if (!inFlight.tryAcquire(bytes)) {
            metrics.unavailable(arrival.tenant(), "overloaded");
            return Mono.error(new ServiceUnavailableException("overloaded", properties.retryAfter(),
                    "too many events are waiting for Kafka; retry after " + properties.retryAfter().toSeconds() + " s", null));
        }
        return firstSeen.seen(arrival.tenant(), judged.clientMessageIds())
                .flatMap(seen -> publishUnseen(judged, seen, arrival.tenant()))
                .doOnNext(result -> metrics.record(arrival.tenant(), result, bytes))
                .doOnError(ServiceUnavailableException.class, ex -> metrics.unavailable(arrival.tenant(), ex.code()))
                .doFinally(signal -> inFlight.release(bytes));
    }

    private Mono<CaptureResult> publishUnseen(Judged judged, Set<String> seen, String tenant) {
        List<Outcome> duplicates = new ArrayList<>(judged.duplicatesInRequest());
        List<Candidate> toPublish = new ArrayList<>();
        for (Candidate candidate : judged.candidates()) {
            if (seen.contains(candidate.event().messageId())) {
                duplicates.add(new Outcome(candidate.index(), candidate.event().messageId()));
            }
            else {
                toPublish.add(candidate);
            }
        }
        long sent = System.nanoTime();
        List<EventPublisher.Outgoing> records = toPublish.stream()
                .map(candidate -> new EventPublisher.Outgoing(EventKeys.partitionKey(candidate.event()), candidate.encoded()))
                .toList();
        return publisher.publish(records, properties.ackTimeout())
                .flatMap(locations -> {
                    metrics.kafkaAck(Duration.ofNanos(System.nanoTime() - sent));
                    List<Ack> acks = new ArrayList<>(locations.size());
                    for (int i = 0; i < locations.size(); i++) {
                        acks.add(new Ack(toPublish.get(i), locations.get(i)));
                    }
                    return remember(tenant, acks).then(result(acks, duplicates, judged.rejected()));
                });
    }

    private Mono<Void> remember(String tenant, List<Ack> acks) {
        Map<String, FirstSeen> stored = new HashMap<>();
        acks.stream().filter(ack -> ack.stored() != null)
                .forEach(ack -> stored.put(ack.candidate().event().messageId(), ack.stored()));
        return firstSeen.remember(tenant, stored);
    }

    private Mono<CaptureResult> result(List<Ack> acks, List<Outcome> duplicates, List<Rejection> rejected) {
        if (acks.stream().anyMatch(ack -> ack.stored() == null)) {
            return Mono.error(new ServiceUnavailableException("kafka_unavailable", properties.retryAfter(),
                    "Kafka did not acknowledge the events in time; retry after " + properties.retryAfter().toSeconds()
                            + " s with the same messageIds", null));
        }
        List<Outcome> accepted = acks.stream()
                .map(ack -> new Outcome(ack.candidate().index(), ack.candidate().event().messageId())).toList();
        duplicates.sort(Comparator.comparingInt(Outcome::index));
        return Mono.just(new CaptureResult(accepted, duplicates, rejected));
    }

    /** Decodes and validates each event on its own; repeats of a messageId within the request are duplicates. */
    private Judged judge(EventBatch batch, EventType impliedType, Arrival arrival) {
        List<Candidate> candidates = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<Outcome> duplicates = new ArrayList<>();
        List<String> clientMessageIds = new ArrayList<>();
        Set<String> messageIdsInRequest = new HashSet<>();
        long bytes = 0;
        for (int index = 0; index < batch.events().size(); index++) {
            EventBatch.Sent event = batch.events().get(index);
            if (event.size() > properties.maxEventSize().toBytes()) {
                rejected.add(new Rejection(index, null, "event_too_large", null,
                        "the event has " + event.size() + " bytes; at most " + properties.maxEventSize().toBytes() + " are accepted"));
                continue;
            }
            RawEvent sent;
            try {
                sent = EventRules.validate(event.decode(), impliedType);
            }
            catch (EventFormatException ex) {
                rejected.add(new Rejection(index, null, "malformed_event", null, ex.getMessage()));
                continue;
            }
            catch (InvalidEventException ex) {
                rejected.add(new Rejection(index, null, ex.code(), ex.field(), ex.getMessage()));
                continue;
            }
            if (isSuppressed(arrival.suppressed(), sent)) {
                rejected.add(new Rejection(index, sent.messageId(), "user_suppressed", null,
                        "this user's data was deleted at the tenant's request; their events are not accepted"));
                continue;
            }
            if (sent.messageId() != null && !messageIdsInRequest.add(sent.messageId())) {
                duplicates.add(new Outcome(index, sent.messageId()));
                continue;
            }
            if (sent.messageId() != null) {
                clientMessageIds.add(sent.messageId());
            }
            RawEvent accepted = sent.accepted(arrival.tenant(), arrival.receivedAt(), arrival.clientIp(), arrival.userAgent());
            if (accepted.sentAt() == null && batch.sentAt() != null) {
                accepted = accepted.withSentAt(batch.sentAt());
            }
            candidates.add(new Candidate(index, accepted, codec.encode(accepted)));
            bytes += event.size();
        }
        return new Judged(candidates, rejected, duplicates, clientMessageIds, bytes);
    }

    private static boolean isSuppressed(Set<String> suppressed, RawEvent event) {
        return !suppressed.isEmpty() && (event.userId() != null && suppressed.contains(event.userId())
                || event.anonymousId() != null && suppressed.contains(event.anonymousId()));
    }

    /** An event to publish, encoded on the request's thread. */
    private record Candidate(int index, RawEvent event, byte[] encoded) {
    }

    /** A published event and where Kafka stored it; null when it was not acknowledged in time. */
    private record Ack(Candidate candidate, FirstSeen stored) {
    }

    private record Judged(List<Candidate> candidates, List<Rejection> rejected, List<Outcome> duplicatesInRequest,
            List<String> clientMessageIds, long bytes) {
    }
}
