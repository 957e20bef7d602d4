package dev.pulse.enrichment.enrich;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which enrichers run, per tenant, and what they need.
 *
 * @param geoDatabase an MMDB file (MaxMind format: GeoLite2/GeoIP2 or ip-location-db); none switches geo off
 * @param futureTolerance how far a client timestamp may lie ahead of the receive time before the event is flagged
 * @param lateAfter how long after it happened an event may arrive before it is flagged late
 * @param referenceTimeout longest wait for Redis when a batch needs reference data not cached yet
 * @param referenceRefresh how long reference data is used before it is read again
 * @param defaults the enrichers of every tenant not listed under {@code tenants}
 * @param tenants the enrichers of single tenants; an entry replaces the defaults as a whole
 */
@Validated
@ConfigurationProperties("pulse.enrichment")
public record EnrichmentProperties(
        Path geoDatabase,
        @NotNull @DefaultValue("5m") Duration futureTolerance,
        @NotNull @DefaultValue("24h") Duration lateAfter,
        @NotNull @DefaultValue("50ms") Duration referenceTimeout,
        @NotNull @DefaultValue("1m") Duration referenceRefresh,
        @Valid @NotNull @DefaultValue TenantEnrichment defaults,
        @NotNull @DefaultValue Map<String, @Valid TenantEnrichment> tenants) {

    public TenantEnrichment of(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    /**
     * One tenant's enrichers.
     *
     * @param timestamps derive a skew-corrected timestamp and flag future and late events
     * @param geo look the client's IP address up in the geo database
     * @param anonymizeIp keep only the network of the IP address (IPv4 /24, IPv6 /48), after the geo lookup
     * @param userAgent parse the user agent (Yauaa)
     * @param page take the page URL apart, read {@code utm_*} parameters, classify the referrer
     * @param reference add the campaign's metadata from the reference data in Redis
     * @param piiKeys top-level property and trait keys whose values are replaced by a keyed hash
     * @param piiSalt the tenant's secret key for that hash; required when {@code piiKeys} is set
     */
    public record TenantEnrichment(
            @DefaultValue("true") boolean timestamps,
            @DefaultValue("true") boolean geo,
            @DefaultValue("true") boolean anonymizeIp,
            @DefaultValue("true") boolean userAgent,
            @DefaultValue("true") boolean page,
            @DefaultValue("true") boolean reference,
            @NotNull @DefaultValue Set<String> piiKeys,
            String piiSalt) {
    }
}
