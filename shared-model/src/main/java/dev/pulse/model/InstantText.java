package dev.pulse.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Reads (and writes, {@link #format}) the canonical UTC form of an instant ({@code 2026-11-22T10:15:30Z}, with 0
 * to 9 fraction digits) by hand. Every event carries up to six instants and Pulse writes them in that form, while
 * Jackson's reader and {@link Instant#toString()} go through a {@code DateTimeFormatter} that builds a map per
 * value — the largest single cost of decoding an event, and of encoding one.
 * Anything else (offsets such as {@code +02:00}, epoch numbers) is left to Jackson's reader, so what is accepted does
 * not change.
 */
final class InstantText extends StdScalarDeserializer<Instant> {

    private static final long YEAR_0000 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long YEAR_9999_END = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    InstantText() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant fast = parse(parser.getString());
            if (fast != null) {
                return fast;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }

    /** The instant {@code text} names in the canonical UTC form, or null when it is in any other form. */
    static Instant parse(String text) {
        return text.length() > 30 ? null : parse(text.toCharArray(), 0, text.length());
    }

    /**
     * As {@link #parse(String)}, from {@code length} characters at {@code offset}: a parser's text buffer, read
     * without making a string of it.
     */
    static Instant parse(char[] text, int offset, int length) {
        int end = offset + length;
        if (length < 20 || length > 30 || text[end - 1] != 'Z' || text[offset + 4] != '-' || text[offset + 7] != '-'
                || text[offset + 10] != 'T' || text[offset + 13] != ':' || text[offset + 16] != ':') {
            return null;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text[offset + 19] != '.' || fraction == 0) {
                return null;
            }
            nanos = digits(text, offset + 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            return Instant.ofEpochSecond(LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC),
                    nanos);
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    /**
     * {@code instant} in the canonical UTC form, exactly as {@link Instant#toString()} writes it (the fraction in
     * groups of three digits, as many as it needs), without the {@code DateTimeFormatter} that method goes through.
     */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        if (days < YEAR_0000 || days > YEAR_9999_END) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nanos = instant.getNano();
        char[] text = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1_000 == 0 ? 27 : 30];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        if (nanos != 0) {
            text[19] = '.';
            int digits = text.length - 21;
            put(text, 20, nanos / POWERS_OF_TEN[9 - digits], digits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The number written by {@code count} decimal digits at {@code from}, or -1 when one of them is no digit. */
    private static int digits(char[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
