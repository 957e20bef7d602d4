package dev.pulse.enrichment.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.stack.TestRedis;
import dev.pulse.enrichment.enrich.EnrichmentProperties.TenantEnrichment;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.EventContext;
import dev.pulse.model.EventKeys;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chain with each tenant's switches. */
class EventEnricherTest {

    private static final TenantEnrichment ALL_ON = new TenantEnrichment(true, true, true, true, true, true, Set.of(), null);
    private static final EnrichmentProperties SETTINGS = new EnrichmentProperties(EnrichersTest.GEO_DATABASE,
            Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMillis(500), Duration.ofMinutes(1), ALL_ON, Map.of(
                    "private", new TenantEnrichment(true, true, true, true, true, true, Set.of("email"), "private-salt"),
                    "raw", new TenantEnrichment(false, false, false, false, false, false, Set.of(), null)));
    private static final EventEnricher ENRICHER = new EventEnricher(SETTINGS,
            new ReferenceData(TestRedis.reactiveTemplate(), SETTINGS));
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:01Z");

    @Test
    void theDefaultChainLocatesParsesAndAnonymisesBeforeStoring() {
        EnrichedEvent enriched = ENRICHER.enrich(event("acme"), NOW);

        assertThat(enriched.enrichments().geo().country()).isEqualTo("NL");
        assertThat(enriched.event().context().ip()).isEqualTo("193.0.6.0");
        assertThat(enriched.enrichments().device().browser()).isEqualTo("Firefox");
        assertThat(enriched.enrichments().page().host()).isEqualTo("shop.example.com");
        assertThat(enriched.enrichments().campaign().source()).isEqualTo("google");
        assertThat(enriched.enrichments().referrerClass()).isEqualTo("search");
        assertThat(enriched.enrichments().derivedTimestamp()).isEqualTo(Instant.parse("2026-11-21T11:59:59Z"));
        assertThat(enriched.event().properties()).containsEntry("email", "ada@example.com");
    }

    @Test
    void campaignMetadataComesFromTheReferenceDataAndASlowRedisOnlyMarksTheEventPartial() {
        String tenant = "ref-" + UUID.randomUUID();
        TestRedis.template().opsForHash().putAll(EventKeys.campaignKey(tenant, "winter"),
                Map.of("advertiser", "Acme Ads", "channel", "search"));
        RawEvent known = event(tenant);

        ENRICHER.prepare(List.of(known));
        EnrichedEvent enriched = ENRICHER.enrich(known, NOW);

        assertThat(enriched.enrichments().reference()).containsEntry("advertiser", "Acme Ads");
        assertThat(enriched.enrichments().partial()).isFalse();

        String slowTenant = "ref-" + UUID.randomUUID();
        TestRedis.pause(3_000);
        RawEvent unknown = event(slowTenant);
        ENRICHER.prepare(List.of(unknown));
        EnrichedEvent partial = ENRICHER.enrich(unknown, NOW);

        assertThat(partial.enrichments().partial()).isTrue();
        assertThat(partial.enrichments().reference()).isNull();
        assertThat(partial.enrichments().geo().country()).isEqualTo("NL");
    }

    @Test
    void aTenantsPiiKeysAreHashed() {
        EnrichedEvent enriched = ENRICHER.enrich(event("private"), NOW);

        assertThat((String) enriched.event().properties().get("email")).hasSize(64);
        assertThat(enriched.event().properties()).containsEntry("plan", "pro");
    }

    @Test
    void aTenantWithEveryEnricherOffGetsItsEventUntouched() {
        RawEvent raw = event("raw");
        EnrichedEvent enriched = ENRICHER.enrich(raw, NOW);

        assertThat(enriched.event()).isEqualTo(raw);
        assertThat(enriched.enrichments().geo()).isNull();
        assertThat(enriched.enrichments().device()).isNull();
        assertThat(enriched.enrichments().page()).isNull();
        assertThat(enriched.enrichments().derivedTimestamp()).isNull();
    }

    private static RawEvent event(String tenant) {
        var context = new EventContext("193.0.6.139", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                new EventContext.Page("https://shop.example.com/p?utm_source=google&utm_medium=cpc&utm_campaign=winter", "/p",
                        "https://www.google.com/", "Shop"), null, null, "en-US");
        return new RawEvent(tenant, EventType.TRACK, "Bought", null, "u1", null, "m1",
                Instant.parse("2026-11-21T12:00:00Z"), Instant.parse("2026-11-21T12:00:01Z"), Instant.parse("2026-11-21T12:00:00Z"),
                Map.of("email", "ada@example.com", "plan", "pro"), null, context, null, null);
    }
}
