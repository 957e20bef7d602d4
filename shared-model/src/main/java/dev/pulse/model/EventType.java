package dev.pulse.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Segment event types Pulse captures; the wire name is the lower-case Segment name. */
public enum EventType {
    @JsonProperty("track") TRACK,
    @JsonProperty("page") PAGE,
    @JsonProperty("screen") SCREEN,
    @JsonProperty("identify") IDENTIFY,
    @JsonProperty("group") GROUP,
    @JsonProperty("alias") ALIAS
}
