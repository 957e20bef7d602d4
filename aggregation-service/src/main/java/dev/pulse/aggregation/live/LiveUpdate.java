package dev.pulse.aggregation.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one batch of the hot path added for a tenant, as the live stream carries it.
 *
 * @param counts events counted per event name
 * @param sample a few of the latest events
 */
public record LiveUpdate(Map<String, Long> counts, List<Sample> sample) {

    /** The most events of a batch the stream shows, per tenant. */
    public static final int SAMPLE_SIZE = 5;

    /**
     * One event as the live stream shows it: no properties, no addresses.
     *
     * @param event the event name
     * @param user the user's id (user id, else anonymous id)
     * @param at the event's counted time
     * @param country the country enrichment found, if any
     */
    public record Sample(String event, String user, Instant at, String country) {
    }
}
