package dev.pulse.enrichment.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pulse.model.Enrichments.Device;
import dev.pulse.model.Enrichments.Geo;
import dev.pulse.model.EventContext;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each enricher on its own. */
class EnrichersTest {

    static final Path GEO_DATABASE = Path.of(System.getProperty("pulse.enrichment.geo-database",
            "../.cache/geo/geo-whois-asn-country.mmdb"));
    private static final Instant RECEIVED = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void derivedTimestampCorrectsTheClientsClockSkew() {
        // the client's clock is 10 minutes fast: it says the event happened at 12:08 and was sent at 12:10
        RawEvent event = event(Instant.parse("2026-11-21T12:08:00Z"), Instant.parse("2026-11-21T12:10:00Z"));

        Timestamps timestamps = Timestamps.of(event, Duration.ofMinutes(5), Duration.ofHours(24));

        assertThat(timestamps.derived()).isEqualTo(Instant.parse("2026-11-21T11:58:00Z"));
        assertThat(timestamps.future()).isTrue();
        assertThat(timestamps.late()).isFalse();
    }

    @Test
    void eventsWithoutClientTimesUseTheReceiveTimeAndOldOnesAreLate() {
        assertThat(Timestamps.of(event(null, null), Duration.ofMinutes(5), Duration.ofHours(24)).derived())
                .isEqualTo(RECEIVED);
        Timestamps old = Timestamps.of(event(RECEIVED.minus(Duration.ofDays(3)), null), Duration.ofMinutes(5),
                Duration.ofHours(24));
        assertThat(old.late()).isTrue();
        assertThat(old.future()).isFalse();
    }

    @Test
    void ipAddressesAreAnonymisedToTheirNetworkWithoutDnsLookups() {
        assertThat(IpAddresses.anonymize("203.0.113.77")).isEqualTo("203.0.113.0");
        assertThat(IpAddresses.anonymize("2001:db8:abcd:1234:5678::1")).isEqualTo("2001:db8:abcd:0:0:0:0:0");
        assertThat(IpAddresses.anonymize("example.com")).isNull();
        assertThat(IpAddresses.parse("localhost")).isNull();
    }

    @Test
    void pageUrlsAreTakenApartAndUtmParametersBecomeTheCampaign() {
        PageAnalysis page = PageAnalysis.of(new EventContext.Page(
                "https://Shop.Example.com/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=winter%20sale",
                null, "https://mail.google.com/", null));

        assertThat(page.url().host()).isEqualTo("shop.example.com");
        assertThat(page.url().path()).isEqualTo("/pricing");
        assertThat(page.campaign()).isEqualTo(new EventContext.Campaign("winter sale", "newsletter", "email", null, null));
        assertThat(page.referrerClass()).isEqualTo("email");
    }

    @Test
    void referrersAreClassified() {
        assertThat(referrer("https://www.google.com/search?q=pulse")).isEqualTo("search");
        assertThat(referrer("https://duckduckgo.com/")).isEqualTo("search");
        assertThat(referrer("https://t.co/abc")).isEqualTo("social");
        assertThat(referrer("https://www.linkedin.com/feed")).isEqualTo("social");
        assertThat(referrer("https://outlook.live.com/mail")).isEqualTo("email");
        assertThat(referrer("https://blog.example.com/post")).isEqualTo("internal");
        assertThat(referrer("https://partner.example.org/")).isEqualTo("other");
        assertThat(referrer("")).isEqualTo("direct");
        assertThat(referrer(null)).isEqualTo("direct");
        assertThat(referrer("not a url")).isEqualTo("other");
    }

    @Test
    void personalValuesAreReplacedByAKeyedHashPerTenant() {
        Map<String, Object> properties = Map.of("email", "ada@example.com", "plan", "pro");

        Map<String, Object> hashed = PiiHasher.hash(properties, Set.of("email"), "tenant-a-salt");

        assertThat(hashed).containsEntry("plan", "pro");
        assertThat((String) hashed.get("email")).hasSize(64).doesNotContain("ada");
        assertThat(PiiHasher.hash(properties, Set.of("email"), "tenant-a-salt")).isEqualTo(hashed);
        assertThat(PiiHasher.hash(properties, Set.of("email"), "tenant-b-salt").get("email"))
                .isNotEqualTo(hashed.get("email"));
        assertThat(PiiHasher.hash(properties, Set.of("phone"), null)).isSameAs(properties);
        assertThatThrownBy(() -> PiiHasher.hash(properties, Set.of("email"), null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void userAgentsAreParsedByYauaaAndRobotsFlagged() {
        UserAgents userAgents = new UserAgents(100);

        Device chrome = userAgents.parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36");
        Device iphone = userAgents.parse("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");
        Device bot = userAgents.parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        assertThat(chrome.browser()).isEqualTo("Chrome");
        assertThat(chrome.browserVersion()).isEqualTo("131");
        assertThat(chrome.os()).isEqualTo("Windows NT");
        assertThat(chrome.deviceClass()).isEqualTo("Desktop");
        assertThat(chrome.bot()).isFalse();
        assertThat(iphone.deviceClass()).isEqualTo("Phone");
        assertThat(iphone.os()).isEqualTo("iOS");
        assertThat(bot.bot()).isTrue();
        assertThat(userAgents.parse(null)).isNull();
    }

    @Test
    void addressesAreLocatedWithARealOpenMmdbFile() throws Exception {
        assertThat(GEO_DATABASE).as("the geo database; bin/pulse install fetches it").isRegularFile();
        try (GeoDatabase geo = new GeoDatabase(GEO_DATABASE)) {
            Geo ripe = geo.lookup(IpAddresses.parse("193.0.6.139"));
            Geo google = geo.lookup(IpAddresses.parse("2001:4860:4860::8888"));

            assertThat(ripe.country()).isEqualTo("NL");
            assertThat(google.country()).isEqualTo("US");
            assertThat(geo.lookup(IpAddresses.parse("10.1.2.3"))).isNull();
            assertThat(geo.lookup(null)).isNull();
        }
    }

    @Test
    void aChangedDatabaseFileIsReopenedWithoutARestartAndABrokenOneIsRefused(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(GEO_DATABASE, dir.resolve("geo.mmdb"));
        try (GeoDatabase geo = new GeoDatabase(copy)) {
            FileTime original = geo.openedVersion();
            assertThat(geo.lookup(IpAddresses.parse("193.0.6.139")).country()).isEqualTo("NL");

            Files.writeString(copy, "not a database");
            Files.setLastModifiedTime(copy, FileTime.from(Instant.now().plusSeconds(60)));
            // the next check (at most 5 s away) refuses it: the open database stays in use
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(geo.lookup(IpAddresses.parse("193.0.6.139")).country()).isEqualTo("NL");
                assertThat(geo.openedVersion()).isEqualTo(original);
            });

            Files.copy(GEO_DATABASE, copy, StandardCopyOption.REPLACE_EXISTING);
            FileTime replaced = FileTime.from(Instant.now().plusSeconds(120));
            Files.setLastModifiedTime(copy, replaced);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(geo.lookup(IpAddresses.parse("8.8.8.8")).country()).isEqualTo("US");
                assertThat(geo.openedVersion()).isEqualTo(replaced);
            });
        }
    }

    private static String referrer(String referrer) {
        return PageAnalysis.of(new EventContext.Page("https://www.example.com/", "/", referrer, null)).referrerClass();
    }

    private static RawEvent event(Instant timestamp, Instant sentAt) {
        return new RawEvent("acme", EventType.TRACK, "Played", null, "u1", null, "m1", timestamp, sentAt, RECEIVED, null,
                null, null, null, null);
    }
}
