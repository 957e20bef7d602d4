package dev.pulse.aggregation.leaderboard;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.pulse.model.RawEvent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * A leaderboard definition: which events score, who the member is and what a scoring event adds.
 *
 * @param name its name, unique within the tenant
 * @param event the event name that scores
 * @param memberProperty the event property naming the member; the event's {@code userId} when absent
 * @param scoreProperty the numeric event property added per event; each event adds 1 when absent
 * @param window the period one ranking covers
 */
public record Leaderboard(
        @NotNull @Pattern(regexp = NAME) String name,
        @NotBlank String event,
        @Pattern(regexp = NAME) String memberProperty,
        @Pattern(regexp = NAME) String scoreProperty,
        @NotNull Window window) {

    /** What leaderboard, property and member names look like: no spaces, no quotes, no separators of our keys. */
    public static final String NAME = "[A-Za-z0-9_.-]{1,64}";

    /** The member an event scores for, or null when it names none. */
    public String memberOf(RawEvent event) {
        if (memberProperty == null) {
            return event.userId();
        }
        Object member = event.properties() == null ? null : event.properties().get(memberProperty);
        return member instanceof String || member instanceof Number ? member.toString() : null;
    }

    /** What an event adds to its member's score, or null when the score property is missing or not a number. */
    public Double scoreOf(RawEvent event) {
        if (scoreProperty == null) {
            return 1.0;
        }
        Object score = event.properties() == null ? null : event.properties().get(scoreProperty);
        return score instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : null;
    }

    /** The period one ranking covers; day and week windows are in UTC, weeks ISO weeks. */
    public enum Window {
        ALL_TIME, DAY, WEEK;

        /** Reads {@code all-time}, {@code day}, {@code week} in any case. */
        @JsonCreator
        public static Window of(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        @JsonValue
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether {@code period} names a period of this window, as {@link #periodOf} writes it. */
        public boolean accepts(String period) {
            return switch (this) {
                case ALL_TIME -> period.equals("all");
                case DAY -> period.matches("\\d{4}-\\d{2}-\\d{2}");
                case WEEK -> period.matches("\\d{4}-W\\d{2}");
            };
        }

        /** The period an event at {@code at} counts in: {@code all}, {@code 2026-11-22} or {@code 2026-W47}. */
        public String periodOf(Instant at) {
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            return switch (this) {
                case ALL_TIME -> "all";
                case DAY -> day.toString();
                case WEEK -> "%d-W%02d".formatted(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            };
        }

        /** When a period's ranking may be dropped from Redis: at least four of its periods after it ended; never for all-time. */
        public Instant expiresAfter(Instant at) {
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            return switch (this) {
                case ALL_TIME -> null;
                case DAY -> day.plusDays(5).atStartOfDay(ZoneOffset.UTC).toInstant();
                case WEEK -> day.plusWeeks(5).atStartOfDay(ZoneOffset.UTC).toInstant();
            };
        }
    }
}
