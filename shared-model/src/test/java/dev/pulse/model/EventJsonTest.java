package dev.pulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The hand-written event reader and writer against Jackson databind, the reference they replace: the same bytes
 * read to the same record (or are refused by both), and the same record is written to the same bytes.
 */
class EventJsonTest {

    private static final JsonMapper DATABIND = JsonMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("pulse-instants").addDeserializer(Instant.class, new InstantText()))
            .build();
    private static final ObjectReader RAW = DATABIND.readerFor(RawEvent.class);
    private static final ObjectReader ENRICHED = DATABIND.readerFor(EnrichedEvent.class);

    private final EventCodec codec = new EventCodec();

    static List<String> rawInputs() {
        return List.of(
                "{\"type\":\"track\",\"event\":\"Played\",\"userId\":\"u1\"}",
                "{\"type\":\"track\",\"event\":\"Played\",\"userId\":42,\"anonymousId\":true,\"messageId\":1.5}",
                "{\"type\":\"track\",\"userId\":null,\"properties\":null,\"context\":null,\"traits\":{}}",
                "{\"type\":\"page\",\"name\":\"Home\",\"anonymousId\":\"a\",\"properties\":{\"a\":[1,2.5,\"x\",null,{\"b\":false}],"
                        + "\"big\":123456789012345678901234567890,\"long\":9007199254740993,\"neg\":-1e3}}",
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"ada@example.com\",\"age\":36}}",
                "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"timestamp\":\"2026-11-21T12:00:00+02:00\","
                        + "\"sentAt\":\"2026-11-21T10:00:00.5Z\",\"receivedAt\":\"2026-11-21T10:00:00.123456789Z\"}",
                "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"timestamp\":1700000000}",
                "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"timestamp\":1700000000.25}",
                "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"timestamp\":\"yesterday\"}",
                "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"timestamp\":\"2026-13-01T00:00:00Z\"}",
                "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"timestamp\":{}}",
                "{\"type\":\"track\",\"event\":{\"nested\":1},\"userId\":\"u\"}",
                "{\"type\":\"track\",\"event\":[\"a\"],\"userId\":\"u\"}",
                "{\"type\":\"teleport\"}",
                "{\"type\":\"TRACK\"}",
                "{\"type\":7}",
                "{\"type\":null,\"event\":\"e\"}",
                "{\"type\":\"track\",\"properties\":[1,2]}",
                "{\"type\":\"track\",\"properties\":\"text\"}",
                "{\"type\":\"track\",\"context\":\"text\"}",
                "{\"type\":\"track\",\"context\":{\"ip\":\"203.0.113.9\",\"userAgent\":\"Mozilla/5.0\",\"os\":{\"name\":\"iOS\"},"
                        + "\"page\":{\"url\":\"https://a.example/?utm_source=x\",\"path\":\"/\",\"referrer\":null,\"title\":\"T\"},"
                        + "\"campaign\":{\"name\":\"n\",\"source\":\"s\",\"medium\":\"m\",\"term\":\"t\",\"content\":\"c\"},"
                        + "\"library\":{\"name\":\"analytics.js\",\"version\":\"5\"},\"locale\":\"en-US\"}}",
                "{\"type\":\"track\",\"context\":{\"page\":[]}}",
                "{\"type\":\"track\",\"event\":\"a\",\"event\":\"b\"}",
                "{\"type\":\"group\",\"groupId\":\"g\",\"previousId\":\"p\",\"integrations\":{\"All\":true},\"extra\":[[[]]]}",
                "{\"type\":\"track\"} {\"type\":\"track\"}",
                "{\"type\":\"track\"} x",
                "{\"type\":\"track\",",
                "{\"type\":\"track\" \"event\":\"e\"}",
                "[]",
                "[{\"type\":\"track\"}]",
                "\"track\"",
                "42",
                "null",
                "",
                "{}",
                "{\"type\":\"track\",\"event\":\"\\u00e9t\\u00e9 \\ud83d\\ude00\",\"userId\":\"\\u0000\"}");
    }

    @ParameterizedTest
    @MethodSource("rawInputs")
    void readsRawEventsAsDatabindDid(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Object reference = reference(RAW, bytes);
        if (reference instanceof Refused) {
            assertThatThrownBy(() -> codec.decodeRaw(bytes)).isInstanceOf(EventFormatException.class);
        }
        else {
            assertThat(codec.decodeRaw(bytes)).isEqualTo(reference);
        }
    }

    @Test
    void readsAndWritesEnrichedEventsAsDatabindDid() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            EnrichedEvent event = enriched(random);
            byte[] written = codec.encode(event);

            assertThat(new String(written, StandardCharsets.UTF_8))
                    .isEqualTo(DATABIND.writeValueAsString(event));
            assertThat(codec.decodeEnriched(written)).isEqualTo(event).isEqualTo(reference(ENRICHED, written));
            assertThat(codec.encode(event.event())).isEqualTo(DATABIND.writeValueAsBytes(event.event()));
            assertThat(codec.decodeRaw(codec.encode(event.event()))).isEqualTo(event.event());
        }
    }

    @Test
    void anEnrichedRecordWithFieldsOfTheWrongKindIsAFormatError() {
        for (String json : List.of("{\"schemaVersion\":\"1\"}", "{\"schemaVersion\":1,\"event\":[]}",
                "{\"schemaVersion\":1,\"enrichments\":{\"future\":\"yes\"}}",
                "{\"schemaVersion\":1,\"enrichments\":{\"geo\":{\"asn\":\"AS1\"}}}")) {
            assertThatThrownBy(() -> codec.decodeEnriched(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json).isInstanceOf(EventFormatException.class);
        }
    }

    /** What databind made of the bytes: the record, or {@link Refused}. */
    private static Object reference(ObjectReader reader, byte[] bytes) {
        try {
            Object value = reader.readValue(bytes);
            return value == null ? new Refused() : value;
        }
        catch (JacksonException ex) {
            return new Refused();
        }
    }

    private record Refused() {
    }

    private static EnrichedEvent enriched(Random random) {
        Instant at = Instant.ofEpochSecond(1_790_000_000L + random.nextInt(1_000_000), random.nextInt(4) * 250_000_000L);
        Map<String, Object> properties = null;
        if (random.nextBoolean()) {
            properties = new LinkedHashMap<>();
            properties.put("revenue", random.nextInt(10_000) / 100.0);
            properties.put("items", random.nextInt(9));
            properties.put("sku", "sku-\"" + random.nextInt(99) + "\\");
            properties.put("tags", new ArrayList<>(List.of("a", "b")));
            properties.put("nothing", null);
            properties.put("big", 1L << 40);
            properties.put("nested", new LinkedHashMap<>(Map.of("ok", true)));
        }
        RawEvent event = new RawEvent(pick(random, "acme"), random.nextBoolean() ? EventType.TRACK : EventType.PAGE,
                pick(random, "Order Completed"), pick(random, "Cart"), pick(random, "user-é-" + random.nextInt(50)),
                pick(random, "anon"), "m-" + random.nextLong(), at, random.nextBoolean() ? at.plusSeconds(1) : null,
                at.plusMillis(1_234), properties, random.nextBoolean() ? Map.of("plan", "pro") : null,
                random.nextBoolean() ? null : new EventContext(pick(random, "2001:db8::1"), pick(random, "Mozilla/5.0"),
                        random.nextBoolean() ? null : new EventContext.Page("https://a.example/x?y=1", "/x", null, "X"),
                        random.nextBoolean() ? null : new EventContext.Campaign("n", null, "email", null, "c"),
                        random.nextBoolean() ? null : new EventContext.Library("sdk", null), pick(random, "de-DE")),
                pick(random, "g"), pick(random, "p"));
        Enrichments enrichments = random.nextInt(4) == 0 ? null : new Enrichments(at, random.nextBoolean(),
                random.nextBoolean(),
                random.nextBoolean() ? null : new Enrichments.Geo("DE", pick(random, "BE"), pick(random, "Berlin"),
                        random.nextBoolean() ? null : 3320L, pick(random, "DTAG")),
                random.nextBoolean() ? null : new Enrichments.Device("Chrome", "131", "Windows", pick(random, "10"),
                        "Desktop", random.nextBoolean()),
                random.nextBoolean() ? null : new Enrichments.PageUrl("a.example", "/x"),
                random.nextBoolean() ? null : new EventContext.Campaign("spring", "google", "cpc", null, null),
                pick(random, "search"), random.nextBoolean() ? null : Map.of("advertiser", "Acme Ads"),
                random.nextBoolean());
        return EnrichedEvent.of(event, at.plusSeconds(2), enrichments);
    }

    private static String pick(Random random, String value) {
        return random.nextBoolean() ? value : null;
    }
}
