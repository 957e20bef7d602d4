package dev.pulse.enrichment.pipeline;

import dev.pulse.model.DeadLetter;
import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.RawEvent;
import dev.pulse.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;

/**
 * One raw record in, exactly one record out: parse → enrich → publish. Whatever cannot be enriched becomes a typed
 * dead letter carrying the original payload, so no record stops its partition and none vanishes.
 */
@Component
class Enrichment {

    private final EventCodec codec;
    private final Clock clock;

    Enrichment(EventCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
        RawEvent raw;
        try {
            raw = parse(record);
        }
        catch (EventFormatException ex) {
            return deadLetter(record, DeadLetterReason.PARSE_ERROR, ex.getMessage(), null);
        }
        if (raw.tenant() == null || raw.tenant().isBlank()) {
            return deadLetter(record, DeadLetterReason.UNKNOWN_TENANT, "the record carries no tenant", raw);
        }
        return publish(record, enrich(raw));
    }

    private RawEvent parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new EventFormatException("the record has no value", null);
        }
        return codec.decodeRaw(record.value());
    }

    private EnrichedEvent enrich(RawEvent raw) {
        return EnrichedEvent.of(raw, clock.instant());
    }

    private ProducerRecord<String, byte[]> publish(ConsumerRecord<String, byte[]> source, EnrichedEvent enriched) {
        return new ProducerRecord<>(Topics.ENRICHED, source.key(), codec.encode(enriched));
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> source, DeadLetterReason reason,
            String detail, RawEvent parsed) {
        DeadLetter deadLetter = new DeadLetter(reason, detail,
                parsed == null ? null : parsed.tenant(), parsed == null ? null : parsed.messageId(),
                source.topic(), source.partition(), source.offset(),
                source.value() == null ? null : new String(source.value(), StandardCharsets.UTF_8),
                clock.instant());
        return new ProducerRecord<>(Topics.DEAD_LETTER, source.key(), codec.encode(deadLetter));
    }
}
