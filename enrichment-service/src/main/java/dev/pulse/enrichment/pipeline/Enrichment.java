package dev.pulse.enrichment.pipeline;

import dev.pulse.enrichment.dedup.FirstSeenLedger;
import dev.pulse.enrichment.dedup.FirstSeenLedger.Claim;
import dev.pulse.enrichment.enrich.EventEnricher;
import dev.pulse.enrichment.plan.TrackingPlans;
import dev.pulse.model.DeadLetter;
import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.FirstSeen;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import dev.pulse.support.tracing.KafkaTracing;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;

/**
 * One raw record in, exactly one outcome out: an enriched record, a typed dead letter carrying the original
 * payload, or a counted duplicate. Per batch: parse → dedup (one Redis call per tenant) → tracking plan → enrich →
 * publish. No record
 * stops its partition and none vanishes.
 */
@Component
class Enrichment {

    private final EventCodec codec;
    private final Clock clock;
    private final FirstSeenLedger ledger;
    private final EnrichmentMetrics metrics;
    private final EventEnricher enricher;
    private final TrackingPlans trackingPlans;

    Enrichment(EventCodec codec, Clock clock, FirstSeenLedger ledger, EnrichmentMetrics metrics, EventEnricher enricher,
            TrackingPlans trackingPlans) {
        this.enricher = enricher;
        this.trackingPlans = trackingPlans;
        this.codec = codec;
        this.clock = clock;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /**
     * The outputs of a batch, in the order of its records; duplicates have none. Each output carries the trace of the
     * record it came from ({@code trace}).
     */
    List<ProducerRecord<String, byte[]>> process(List<ConsumerRecord<String, byte[]>> batch, KafkaTracing.Batch trace) {
        List<ProducerRecord<String, byte[]>> outputs = new ArrayList<>(batch.size());
        List<Parsed> parsed = new ArrayList<>(batch.size());
        for (ConsumerRecord<String, byte[]> record : batch) {
            try {
                RawEvent raw = parse(record);
                if (raw.tenant() == null || raw.tenant().isBlank()) {
                    outputs.add(deadLetter(record, DeadLetterReason.UNKNOWN_TENANT, "the record carries no tenant", raw, trace));
                }
                else {
                    parsed.add(new Parsed(record, raw, claim(record, raw)));
                }
            }
            catch (EventFormatException ex) {
                outputs.add(deadLetter(record, DeadLetterReason.PARSE_ERROR, ex.getMessage(), null, trace));
            }
        }
        Set<Claim> duplicates = duplicates(parsed);
        enricher.prepare(parsed.stream().filter(event -> event.claim() == null || !duplicates.contains(event.claim()))
                .map(Parsed::raw).toList());
        for (Parsed event : parsed) {
            if (event.claim() != null && duplicates.contains(event.claim())) {
                metrics.duplicate(event.raw().tenant());
                continue;
            }
            outputs.add(enrichOrDeadLetter(event, trace));
        }
        return outputs;
    }

    private ProducerRecord<String, byte[]> enrichOrDeadLetter(Parsed event, KafkaTracing.Batch trace) {
        TrackingPlans.Verdict verdict = trackingPlans.check(event.raw());
        if (verdict.rejected()) {
            release(event);
            return deadLetter(event.record(), DeadLetterReason.SCHEMA_VIOLATION,
                    "the event breaks its tracking plan: " + String.join("; ", verdict.violations()), event.raw(), trace);
        }
        EnrichedEvent enriched;
        try {
            enriched = enricher.enrich(event.raw(), clock.instant());
        }
        catch (RuntimeException ex) {
            release(event);
            return deadLetter(event.record(), DeadLetterReason.ENRICHMENT_FAILURE, ex.toString(), event.raw(), trace);
        }
        metrics.enriched(event.raw().tenant());
        return new ProducerRecord<>(Topics.ENRICHED, null, event.record().key(), codec.encode(enriched),
                trace.headersFor(event.record()));
    }

    /** A dead-lettered event gives up its messageId, so a fixed replay of it is not taken for a duplicate. */
    private void release(Parsed event) {
        if (event.claim() != null) {
            ledger.release(event.raw().tenant(), event.claim());
        }
    }

    private Set<Claim> duplicates(List<Parsed> parsed) {
        Map<String, List<Claim>> claimsByTenant = new LinkedHashMap<>();
        for (Parsed event : parsed) {
            if (event.claim() != null) {
                claimsByTenant.computeIfAbsent(event.raw().tenant(), tenant -> new ArrayList<>()).add(event.claim());
            }
        }
        Set<Claim> duplicates = new HashSet<>();
        claimsByTenant.forEach((tenant, claims) -> duplicates.addAll(ledger.duplicates(tenant, claims)));
        return duplicates;
    }

    private static Claim claim(ConsumerRecord<String, byte[]> record, RawEvent raw) {
        return raw.messageId() == null ? null
                : new Claim(raw.messageId(), new FirstSeen(record.partition(), record.offset()));
    }

    private RawEvent parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new EventFormatException("the record has no value", null);
        }
        return codec.decodeRaw(record.value());
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> source, DeadLetterReason reason,
            String detail, RawEvent parsed, KafkaTracing.Batch trace) {
        metrics.deadLetter(parsed == null ? null : parsed.tenant(), reason);
        DeadLetter deadLetter = new DeadLetter(reason, detail,
                parsed == null ? null : parsed.tenant(), parsed == null ? null : parsed.messageId(),
                source.topic(), source.partition(), source.offset(),
                source.value() == null ? null : new String(source.value(), StandardCharsets.UTF_8),
                clock.instant());
        return new ProducerRecord<>(Topics.DEAD_LETTER, null, source.key(), codec.encode(deadLetter),
                trace.headersFor(source));
    }

    private record Parsed(ConsumerRecord<String, byte[]> record, RawEvent raw, Claim claim) {
    }
}
