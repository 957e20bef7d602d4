package dev.pulse.enrichment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.enrichment.dedup.DedupProperties;
import dev.pulse.enrichment.dedup.FirstSeenLedger;
import dev.pulse.enrichment.enrich.EnrichmentProperties;
import dev.pulse.enrichment.enrich.EventEnricher;
import dev.pulse.enrichment.enrich.ReferenceData;
import dev.pulse.enrichment.plan.TrackingPlanProperties.Policy;
import dev.pulse.enrichment.plan.TrackingPlanProperties;
import dev.pulse.enrichment.plan.TrackingPlans;
import dev.pulse.model.DeadLetter;
import dev.pulse.model.DeadLetterReason;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventCodec;
import dev.pulse.model.Topics;
import dev.pulse.stack.TestRedis;
import dev.pulse.support.tracing.KafkaTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class EnrichmentTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private static final EnrichmentProperties SETTINGS = new EnrichmentProperties(null, Duration.ofMinutes(5),
            Duration.ofHours(24), Duration.ofMillis(50), Duration.ofMinutes(1),
            new EnrichmentProperties.TenantEnrichment(true, true, true, true, true, true, Set.of(), null), Map.of());
    private static final EventEnricher ENRICHER = new EventEnricher(SETTINGS,
            new ReferenceData(TestRedis.reactiveTemplate(), SETTINGS));

    private static final TrackingPlans PLANS = new TrackingPlans(new TrackingPlanProperties(Map.of(
            "strict", new TrackingPlanProperties.Plan(Policy.REJECT,
                    Map.of("Order Completed", new ClassPathResource("plans/order-completed.json"))),
            "lenient", new TrackingPlanProperties.Plan(Policy.ALLOW,
                    Map.of("Order Completed", new ClassPathResource("plans/order-completed.json"))))),
            new EventCodec(), new SimpleMeterRegistry());

    private final EventCodec codec = new EventCodec();
    private final Enrichment enrichment = new Enrichment(codec, Clock.fixed(NOW, ZoneOffset.UTC),
            new FirstSeenLedger(TestRedis.template(), new DedupProperties(Duration.ofHours(1), 100, Duration.ofMinutes(1))),
            new EnrichmentMetrics(new SimpleMeterRegistry()), ENRICHER, PLANS);
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

        assertThat(enrichment.process(List.of(first, copy), KafkaTracing.Batch.UNTRACED)).singleElement()
                .satisfies(out -> assertThat(out.topic()).isEqualTo(Topics.ENRICHED));
        assertThat(enrichment.process(List.of(first, copy), KafkaTracing.Batch.UNTRACED)).hasSize(1);
    }

    @Test
    void anEventBreakingItsTrackingPlanIsASchemaViolationAndAFixedReplayIsAccepted() {
        String bad = order("strict", "m-" + tenant, "-5", "\"euro\"");
        DeadLetter deadLetter = codec.decodeDeadLetter(process(record(0, 1L, bad)).value());

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION);
        assertThat(deadLetter.detail()).contains("revenue", "currency");
        assertThat(deadLetter.payload()).isEqualTo(bad);

        String fixed = order("strict", "m-" + tenant, "5", "\"EUR\"");
        assertThat(process(record(0, 2L, fixed)).topic()).isEqualTo(Topics.ENRICHED);
        assertThat(process(record(0, 1L, order("strict", "other-" + tenant, "5", "\"EUR\""))).topic())
                .isEqualTo(Topics.ENRICHED);
    }

    @Test
    void aLenientPlanLetsAViolationThrough() {
        assertThat(process(record(0, 1L, order("lenient", "m-" + tenant, "-5", "1"))).topic()).isEqualTo(Topics.ENRICHED);
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
        List<ProducerRecord<String, byte[]>> outputs = enrichment.process(List.of(record), KafkaTracing.Batch.UNTRACED);
        assertThat(outputs).hasSize(1);
        return outputs.getFirst();
    }

    private static String order(String tenant, String messageId, String revenue, String currency) {
        return """
                {"tenant":"%s","type":"track","event":"Order Completed","userId":"u1","messageId":"%s",\
                "properties":{"revenue":%s,"currency":%s}}""".formatted(tenant, messageId, revenue, currency);
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, String json) {
        return new ConsumerRecord<>(Topics.RAW, partition, offset, "k", json.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<String, byte[]> raw(String json) {
        return new ConsumerRecord<>(Topics.RAW, 1, 42L, "acme:u1", json.getBytes(StandardCharsets.UTF_8));
    }
}
