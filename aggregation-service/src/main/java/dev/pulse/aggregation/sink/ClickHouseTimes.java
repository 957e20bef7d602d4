package dev.pulse.aggregation.sink;

import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/** Times as the rows write them: {@code YYYY-MM-DD hh:mm:ss} in UTC, the DateTime text every ClickHouse release parses. */
final class ClickHouseTimes {

    private ClickHouseTimes() {
    }

    /**
     * Written by hand rather than with a {@code DateTimeFormatter}: the sink formats each event's minute (and formatted
     * four times per event while rows were text, when the formatter was a visible share of its profile). Years outside
     * 0000–9999 do not occur in a DateTime column.
     */
    static String dateTime(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        byte[] text = new byte[19];
        digits(text, 0, t.getYear(), 4);
        text[4] = '-';
        digits(text, 5, t.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, t.getDayOfMonth(), 2);
        text[10] = ' ';
        digits(text, 11, t.getHour(), 2);
        text[13] = ':';
        digits(text, 14, t.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, t.getSecond(), 2);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The day of a written time, the table partition its row lands in; a missing time lands where ClickHouse puts it. */
    static String day(String dateTime) {
        return dateTime == null ? "1970-01-01" : dateTime.substring(0, 10);
    }
}
