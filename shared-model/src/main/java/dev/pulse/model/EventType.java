package dev.pulse.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The Segment event types Pulse captures; the wire name is the lower-case Segment name. */
public enum EventType {
    @JsonProperty("track") TRACK,
    @JsonProperty("page") PAGE,
    @JsonProperty("screen") SCREEN,
    @JsonProperty("identify") IDENTIFY,
    @JsonProperty("group") GROUP,
    @JsonProperty("alias") ALIAS;

    /** Read once per event: {@code values()} would copy the array each time. */
    private static final EventType[] ALL = values();

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name on the wire, as the {@code @JsonProperty} of each constant gives it. */
    public String wireName() {
        return wireName;
    }

    /** The type of a wire name, or null when {@code text} names none. */
    public static EventType ofWireName(String text) {
        for (EventType type : ALL) {
            if (type.wireName.equals(text)) {
                return type;
            }
        }
        return null;
    }
}
