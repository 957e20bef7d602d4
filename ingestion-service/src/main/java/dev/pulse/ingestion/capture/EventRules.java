package dev.pulse.ingestion.capture;

import dev.pulse.model.EventType;
import dev.pulse.model.MessageIds;
import dev.pulse.model.RawEvent;

/** The capture contract of one event, per Segment type. */
final class EventRules {

    private EventRules() {
    }

    /**
     * The event, typed by {@code impliedType} (the endpoint it was posted to) when it names none.
     *
     * @throws InvalidEventException naming the field that breaks the contract
     */
    static RawEvent validate(RawEvent event, EventType impliedType) {
        EventType type = event.type() != null ? event.type() : impliedType;
        if (type == null) {
            throw invalid("type", "an event in a batch needs a 'type' (track, page, screen, identify, group, alias)");
        }
        if (impliedType != null && type != impliedType) {
            throw invalid("type", "this endpoint takes type '" + name(impliedType) + "', not '" + name(type) + "'");
        }
        if (event.distinctId() == null || event.distinctId().isBlank()) {
            throw invalid("userId", "an event needs a 'userId' or an 'anonymousId'");
        }
        if (event.messageId() != null && (event.messageId().isBlank() || event.messageId().length() > MessageIds.MAX_LENGTH)) {
            throw invalid("messageId", "'messageId' must be 1 to " + MessageIds.MAX_LENGTH + " characters");
        }
        switch (type) {
            case TRACK -> require(event.event(), "event", "a track call needs an 'event' name");
            case GROUP -> require(event.groupId(), "groupId", "a group call needs a 'groupId'");
            case ALIAS -> {
                require(event.userId(), "userId", "an alias call needs the new 'userId'");
                require(event.previousId(), "previousId", "an alias call needs a 'previousId'");
            }
            default -> {
                // page, screen and identify need nothing beyond a user
            }
        }
        return type == event.type() ? event : event.withType(type);
    }

    private static void require(String value, String field, String message) {
        if (value == null || value.isBlank()) {
            throw invalid(field, message);
        }
    }

    private static InvalidEventException invalid(String field, String message) {
        return new InvalidEventException("invalid_event", field, message);
    }

    private static String name(EventType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
