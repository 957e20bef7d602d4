package dev.pulse.enrichment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.enrichment.TestRedis;
import dev.pulse.enrichment.dedup.DedupProperties;
import dev.pulse.enrichment.dedup.FirstSeenLedger;
import dev.pulse.enrichment.enrich.EnrichmentProperties;
import dev.pulse.enrichment.enrich.EventEnricher;
import java.util.Map;
import java.util.Set;
import dev.pulse.model.DeadLetter;
import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EnrichmentTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private static final EventEnricher ENRICHER = new EventEnricher(new EnrichmentProperties(null, Duration.ofMinutes(5),
            Duration.ofHours(24), new EnrichmentProperties.TenantEnrichment(true, true, true, true, true, Set.of(), null),
            Map.of()));

    private final EventCodec codec = new EventCodec();
    private final Enrichment enrichment = new Enrichment(codec, Clock.fixed(NOW, ZoneOffset.UTC),
            new FirstSeenLedger(TestRedis.template(), new DedupProperties(Duration.ofHours(1), 100, Duration.ofMinutes(1))),
            new EnrichmentMetrics(new SimpleMeterRegistry()), ENRICHER);
    private final String tenant = "t-" + UUID.randomUUID();

    @Test
    void validEventIsEnrichedWithTheProcessingTimeUnderTheSameKey() {
        ProducerRecord<String, byte[]> out = process(raw("""
                {"tenant":"acme","type":"track","event":"Signed Up","userId":"u1","messageId":"m1"}"""));

        assertThat(out.topic()).isEqualTo(Topics.ENRICHED);
        assertThat(out.key()).isEqualTo("acme:u1");
        EnrichedEvent enriched = codec.decodeEnriched(out.value());
        assertThat(enriched.processedAt()).isEqualTo(NOW);
        assertThat(enriched.event().messageId()).isEqualTo("m1");
    }

    @Test
    void aSecondCopyOfAMessageIdAtAnotherOffsetHasNoOutputButARedeliveryOfTheFirstHasOne() {
        String json = """
                {"tenant":"%s","type":"track","event":"Played","userId":"u1","messageId":"dup"}""".formatted(tenant);
        var first = new ConsumerRecord<>(Topics.RAW, 0, 10L, tenant + ":u1", json.getBytes(StandardCharsets.UTF_8));
        var copy = new ConsumerRecord<>(Topics.RAW, 0, 11L, tenant + ":u1", json.getBytes(StandardCharsets.UTF_8));

        assertThat(enrichment.process(List.of(first, copy))).singleElement()
                .satisfies(out -> assertThat(out.topic()).isEqualTo(Topics.ENRICHED));
        assertThat(enrichment.process(List.of(first, copy))).hasSize(1);
    }

    @Test
    void malformedRecordBecomesAParseErrorDeadLetterWithItsPayloadAndOrigin() {
        ProducerRecord<String, byte[]> out = process(raw("{\"tenant\":\"acme\",\"type\":"));

        assertThat(out.topic()).isEqualTo(Topics.DEAD_LETTER);
        DeadLetter deadLetter = codec.decodeDeadLetter(out.value());
        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.PARSE_ERROR);
        assertThat(deadLetter.payload()).isEqualTo("{\"tenant\":\"acme\",\"type\":");
        assertThat(deadLetter.sourcePartition()).isEqualTo(1);
        assertThat(deadLetter.sourceOffset()).isEqualTo(42L);
        assertThat(deadLetter.failedAt()).isEqualTo(NOW);
    }

    @Test
    void recordWithoutValueIsAParseError() {
        var empty = new ConsumerRecord<String, byte[]>(Topics.RAW, 1, 42L, "acme:u1", null);

        assertThat(codec.decodeDeadLetter(process(empty).value()).reason())
                .isEqualTo(DeadLetterReason.PARSE_ERROR);
    }

    @Test
    void recordWithoutTenantIsAnUnknownTenantDeadLetter() {
        ProducerRecord<String, byte[]> out = process(raw("""
                {"type":"track","event":"Signed Up","userId":"u1","messageId":"m1"}"""));

        DeadLetter deadLetter = codec.decodeDeadLetter(out.value());
        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.UNKNOWN_TENANT);
        assertThat(deadLetter.messageId()).isEqualTo("m1");
    }

    private ProducerRecord<String, byte[]> process(ConsumerRecord<String, byte[]> record) {
        List<ProducerRecord<String, byte[]>> outputs = enrichment.process(List.of(record));
        assertThat(outputs).hasSize(1);
        return outputs.getFirst();
    }

    private static ConsumerRecord<String, byte[]> raw(String json) {
        return new ConsumerRecord<>(Topics.RAW, 1, 42L, "acme:u1", json.getBytes(StandardCharsets.UTF_8));
    }
}
