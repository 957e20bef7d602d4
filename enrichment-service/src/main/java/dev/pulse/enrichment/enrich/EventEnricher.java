package dev.pulse.enrichment.enrich;

import dev.pulse.enrichment.enrich.EnrichmentProperties.TenantEnrichment;
import dev.pulse.model.EnrichedEvent;
import dev.pulse.model.Enrichments;
import dev.pulse.model.EventContext;
import dev.pulse.model.RawEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The enrichment chain of one event, with each tenant's enrichers: timestamps → geo (before the address is
 * anonymised) → user agent → page, campaign and referrer → campaign reference data → IP anonymisation → PII
 * hashing. Each step is a small function of its own ({@link Timestamps}, {@link GeoDatabase}, {@link UserAgents},
 * {@link PageAnalysis}, {@link ReferenceData}, {@link IpAddresses}, {@link PiiHasher}).
 */
@Component
public class EventEnricher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventEnricher.class);
    private static final int USER_AGENT_CACHE = 20_000;

    private final EnrichmentProperties properties;
    private final GeoDatabase geo;
    private final UserAgents userAgents;
    private final ReferenceData referenceData;

    public EventEnricher(EnrichmentProperties properties, ReferenceData referenceData) {
        this.properties = properties;
        this.referenceData = referenceData;
        this.geo = openGeo(properties);
        this.userAgents = new UserAgents(USER_AGENT_CACHE);
    }

    /** Loads what the batch's events need from the reference data, before they are enriched one by one. */
    public void prepare(List<RawEvent> batch) {
        List<ReferenceData.Campaign> campaigns = new ArrayList<>();
        for (RawEvent raw : batch) {
            if (properties.of(raw.tenant()).reference()) {
                String name = campaignName(raw, properties.of(raw.tenant()));
                if (name != null) {
                    campaigns.add(new ReferenceData.Campaign(raw.tenant(), name));
                }
            }
        }
        referenceData.prefetch(campaigns);
    }

    public EnrichedEvent enrich(RawEvent raw, Instant processedAt) {
        TenantEnrichment tenant = properties.of(raw.tenant());
        EventContext context = raw.context() == null ? EventContext.EMPTY : raw.context();

        Timestamps timestamps = tenant.timestamps()
                ? Timestamps.of(raw, properties.futureTolerance(), properties.lateAfter()) : null;
        Enrichments.Geo location = tenant.geo() && geo != null ? geo.lookup(IpAddresses.parse(context.ip())) : null;
        Enrichments.Device device = tenant.userAgent() ? userAgents.parse(context.userAgent()) : null;
        PageAnalysis page = tenant.page() ? PageAnalysis.of(context.page()) : null;
        EventContext.Campaign campaign = context.campaign() != null ? context.campaign()
                : page == null ? null : page.campaign();

        Map<String, String> reference = null;
        boolean partial = false;
        if (tenant.reference() && campaign != null && campaign.name() != null) {
            Optional<Map<String, String>> found = referenceData.lookup(new ReferenceData.Campaign(raw.tenant(), campaign.name()));
            partial = found == null;
            reference = found == null ? null : found.orElse(null);
        }

        RawEvent stored = raw;
        if (tenant.anonymizeIp() && context.ip() != null) {
            stored = stored.withContext(context.withIp(IpAddresses.anonymize(context.ip())));
        }
        if (!tenant.piiKeys().isEmpty()) {
            stored = stored.withPropertiesAndTraits(PiiHasher.hash(raw.properties(), tenant.piiKeys(), tenant.piiSalt()),
                    PiiHasher.hash(raw.traits(), tenant.piiKeys(), tenant.piiSalt()));
        }
        return EnrichedEvent.of(stored, processedAt, new Enrichments(
                timestamps == null ? null : timestamps.derived(),
                timestamps != null && timestamps.future(),
                timestamps != null && timestamps.late(),
                location, device,
                page == null ? null : page.url(),
                campaign,
                page == null ? null : page.referrerClass(),
                reference, partial));
    }

    private static String campaignName(RawEvent raw, TenantEnrichment tenant) {
        EventContext context = raw.context() == null ? EventContext.EMPTY : raw.context();
        if (context.campaign() != null) {
            return context.campaign().name();
        }
        PageAnalysis page = tenant.page() ? PageAnalysis.of(context.page()) : null;
        return page == null || page.campaign() == null ? null : page.campaign().name();
    }

    private static GeoDatabase openGeo(EnrichmentProperties properties) {
        if (properties.geoDatabase() == null) {
            log.info("No geo database configured (pulse.enrichment.geo-database): events get no location");
            return null;
        }
        if (!Files.isReadable(properties.geoDatabase())) {
            log.warn("The geo database {} is missing: events get no location until it is there and the service restarts",
                    properties.geoDatabase().toAbsolutePath());
            return null;
        }
        return new GeoDatabase(properties.geoDatabase());
    }

    @Override
    public void destroy() throws IOException {
        if (geo != null) {
            geo.close();
        }
    }
}
