package dev.pulse.aggregation.query;

import java.time.Duration;
import java.util.Locale;

/** The bucket of a time series, with the longest range one query may cover at it (about 10,000 points at most). */
enum Interval {
    MINUTE("toStartOfMinute", Duration.ofDays(7)),
    HOUR("toStartOfHour", Duration.ofDays(93)),
    DAY("toStartOfDay", Duration.ofDays(3 * 366));

    private final String function;
    private final Duration maxRange;

    Interval(String function, Duration maxRange) {
        this.function = function;
        this.maxRange = maxRange;
    }

    /** The bucket of a DateTime expression. */
    String bucket(String time) {
        return function + '(' + time + ')';
    }

    Duration maxRange() {
        return maxRange;
    }

    static Interval named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidQueryException("unknown interval '" + name + "'; known: minute, hour, day");
        }
    }
}
