package dev.pulse.model;

/**
 * Where a messageId was first stored: the partition and offset of its record on {@link Topics#RAW}. The value of a
 * first-seen key ({@link EventKeys#firstSeenKey}), written as {@code partition:offset}.
 */
public record FirstSeen(int partition, long offset) {

    public String encode() {
        return partition + ":" + offset;
    }

    public static FirstSeen parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a first-seen location: " + value);
        }
        return new FirstSeen(Integer.parseInt(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1)));
    }
}
