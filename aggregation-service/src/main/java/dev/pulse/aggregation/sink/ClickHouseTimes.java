package dev.pulse.aggregation.sink;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the rows write them: {@code YYYY-MM-DD hh:mm:ss} in UTC, the DateTime text every ClickHouse release parses. */
final class ClickHouseTimes {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ClickHouseTimes() {
    }

    static String dateTime(Instant instant) {
        return instant == null ? null : DATE_TIME.format(instant);
    }

    /** The day of a written time, the table partition its row lands in; a missing time lands where ClickHouse puts it. */
    static String day(String dateTime) {
        return dateTime == null ? "1970-01-01" : dateTime.substring(0, 10);
    }
}
