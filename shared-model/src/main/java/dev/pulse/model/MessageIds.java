package dev.pulse.model;

import com.github.f4b6a3.uuid.UuidCreator;

/** Message ids Pulse generates for events sent without one: time-ordered UUIDv7 (RFC 9562). */
public final class MessageIds {

    /** Longest messageId a client may send. */
    public static final int MAX_LENGTH = 100;

    private MessageIds() {
    }

    public static String newMessageId() {
        return UuidCreator.getTimeOrderedEpoch().toString();
    }
}
