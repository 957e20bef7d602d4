package dev.pulse.enrichment.enrich;

import dev.pulse.model.Enrichments.Device;
import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/** User agents parsed by Yauaa, with its cache in front; only the fields Pulse keeps are computed. */
final class UserAgents {

    private static final String AGENT = "AgentName";
    private static final String AGENT_VERSION = "AgentVersionMajor";
    private static final String OS = "OperatingSystemName";
    private static final String OS_VERSION = "OperatingSystemVersion";
    private static final String DEVICE_CLASS = "DeviceClass";
    private static final Set<String> ROBOTS = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker");

    private final UserAgentAnalyzer analyzer;

    UserAgents(int cacheSize) {
        this.analyzer = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .dropTests()
                .withCache(cacheSize)
                .withFields(AGENT, AGENT_VERSION, OS, OS_VERSION, DEVICE_CLASS)
                .immediateInitialization()
                .build();
    }

    /** What the user agent says, or null without one. */
    Device parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        UserAgent parsed = analyzer.parse(userAgent);
        String deviceClass = known(parsed.getValue(DEVICE_CLASS));
        return new Device(known(parsed.getValue(AGENT)), known(parsed.getValue(AGENT_VERSION)), known(parsed.getValue(OS)),
                known(parsed.getValue(OS_VERSION)), deviceClass, deviceClass != null && ROBOTS.contains(deviceClass));
    }

    private static String known(String value) {
        return value == null || value.isEmpty() || value.equals("Unknown") || value.equals("??") ? null : value;
    }
}
