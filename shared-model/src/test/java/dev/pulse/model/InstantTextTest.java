package dev.pulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantTextTest {

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T10:15:30Z", "2026-11-22T10:15:30.1Z", "2026-11-22T10:15:30.123Z",
        "2026-11-22T10:15:30.123456Z", "2026-11-22T10:15:30.123456789Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z"})
    void theCanonicalFormReadsAsJavaReadsIt(String text) {
        assertThat(InstantText.parse(text)).isEqualTo(Instant.parse(text));
        // as a parser's buffer holds it: somewhere inside a longer array, between other text
        char[] buffer = ("\"sentAt\":\"" + text + "\",\"x\":1").toCharArray();
        assertThat(InstantText.parse(buffer, 10, text.length())).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T10:15:30+02:00", "2026-11-22T10:15:30.Z", "2026-02-30T10:15:30Z",
        "2026-11-22 10:15:30Z", "2026-11-22T25:15:30Z", "2026-11-22T10:15:30.1234567890Z", "2026-1a-22T10:15:30Z", "+12026-11-22T10:15:30Z"})
    void anyOtherFormIsLeftToJackson(String text) {
        assertThat(InstantText.parse(text)).isNull();
        char[] buffer = ("\"sentAt\":\"" + text + "\"").toCharArray();
        assertThat(InstantText.parse(buffer, 10, text.length())).isNull();
    }

    @Test
    void writesInstantsAsJavaWritesThem() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(InstantText.format(instant)).isEqualTo(instant.toString());
        }
        for (String edge : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.001Z",
            "1970-01-01T00:00:00Z"}) {
            assertThat(InstantText.format(Instant.parse(edge))).isEqualTo(edge);
        }
    }

    @Test
    void eventsStillAcceptTimesWithAnOffset() {
        RawEvent event = codec.decodeRaw("""
                {"type":"track","event":"e","timestamp":"2026-11-22T12:15:30+02:00","sentAt":"2026-11-22T10:15:31.5Z"}"""
                .getBytes(StandardCharsets.UTF_8));

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(event.sentAt()).isEqualTo(Instant.parse("2026-11-22T10:15:31.500Z"));
    }
}
