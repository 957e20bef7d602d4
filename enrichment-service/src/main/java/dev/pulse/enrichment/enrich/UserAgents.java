package dev.pulse.enrichment.enrich;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.pulse.model.Enrichments.Device;
import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * User agents parsed by Yauaa; only the fields Pulse keeps are computed. What Pulse keeps of an agent is cached
 * (Caffeine) instead of Yauaa's own cache, which hands out a copy of the whole parse on every hit.
 */
final class UserAgents {

    private static final String AGENT = "AgentName";
    private static final String AGENT_VERSION = "AgentVersionMajor";
    private static final String OS = "OperatingSystemName";
    private static final String OS_VERSION = "OperatingSystemVersion";
    private static final String DEVICE_CLASS = "DeviceClass";
    private static final Set<String> ROBOTS = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker");

    private final UserAgentAnalyzer analyzer;
    private final LoadingCache<String, Device> devices;

    UserAgents(int cacheSize) {
        this.analyzer = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .dropTests()
                .withoutCache()
                .withFields(AGENT, AGENT_VERSION, OS, OS_VERSION, DEVICE_CLASS)
                .immediateInitialization()
                .build();
        this.devices = Caffeine.newBuilder().maximumSize(cacheSize).build(this::analyze);
    }

    /** What the user agent says, or null without one. */
    Device parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        return devices.get(userAgent);
    }

    private Device analyze(String userAgent) {
        UserAgent parsed = analyzer.parse(userAgent);
        String deviceClass = known(parsed.getValue(DEVICE_CLASS));
        return new Device(known(parsed.getValue(AGENT)), known(parsed.getValue(AGENT_VERSION)), known(parsed.getValue(OS)),
                known(parsed.getValue(OS_VERSION)), deviceClass, deviceClass != null && ROBOTS.contains(deviceClass));
    }

    private static String known(String value) {
        return value == null || value.isEmpty() || value.equals("Unknown") || value.equals("??") ? null : value;
    }
}
