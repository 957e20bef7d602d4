package dev.pulse.model;

import java.time.Instant;

/**
 * What enrichment derived from a raw event. Every part is optional: an enricher switched off for the tenant, or one
 * without an answer (no IP, an unknown address), leaves its part null.
 *
 * @param derivedTimestamp the event time corrected for the client's clock skew: {@code receivedAt − (sentAt −
 *        timestamp)}; the receive time when the client sent no times
 * @param future whether the client's timestamp lies ahead of the server's receive time beyond the tolerance
 * @param late whether the event arrived later than the lateness bound after it happened
 * @param geo where the client's IP address is
 * @param device what the user agent says about the client
 * @param page the page URL taken apart
 * @param campaign the event's campaign, or the one its page URL's {@code utm_*} parameters name
 * @param referrerClass where the visit came from: search, social, email, internal, direct or other
 * @param reference campaign metadata from the reference data, by campaign name
 * @param partial whether an enricher could not answer in time and its part is missing for that reason
 */
public record Enrichments(
        Instant derivedTimestamp,
        boolean future,
        boolean late,
        Geo geo,
        Device device,
        PageUrl page,
        EventContext.Campaign campaign,
        String referrerClass,
        java.util.Map<String, String> reference,
        boolean partial) {

    /**
     * Location of an IP address, as far as the geo database knows it.
     *
     * @param country ISO 3166-1 alpha-2 code
     * @param region first-level subdivision
     * @param city city name
     * @param asn autonomous system number
     * @param asOrganization the autonomous system's organisation
     */
    public record Geo(String country, String region, String city, Long asn, String asOrganization) {
    }

    /**
     * The client as its user agent describes it.
     *
     * @param browser agent name, such as Chrome
     * @param browserVersion agent major version
     * @param os operating system name
     * @param osVersion operating system version
     * @param deviceClass Desktop, Phone, Tablet, Robot, …
     * @param bot whether the agent is a robot, crawler or spider
     */
    public record Device(String browser, String browserVersion, String os, String osVersion, String deviceClass,
            boolean bot) {
    }

    /**
     * A page URL taken apart.
     *
     * @param host host name, lower case
     * @param path path, {@code /} when empty
     */
    public record PageUrl(String host, String path) {
    }
}
