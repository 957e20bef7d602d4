package dev.pulse.ingestion.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.EventType;
import dev.pulse.model.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The capture parser — batch envelope, NDJSON lines, one event's decoding and its contract — against generated input:
 * whatever the bytes, each request and each event either parses or is refused as malformed or invalid (the 400s and
 * per-event rejections the API answers), never with any other failure (a 500); and what a client sends, with any
 * unicode in names, ids and property keys, is what the event holds.
 */
class EventParsingPropertiesTest {

    private final EventCodec codec = new EventCodec();
    private final JsonMapper json = codec.mapper();

    @Property(tries = 2_000)
    void anyBytesAsABatchAreParsedOrRefusedAsMalformed(@ForAll @Size(max = 400) byte[] body) {
        assertParsesOrIsRefused(body);
    }

    @Property(tries = 2_000)
    void anyTextAsABatchIsParsedOrRefusedAsMalformed(@ForAll("jsonish") String body) {
        assertParsesOrIsRefused(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2_000)
    void aValidBatchDamagedAnywhereIsParsedOrRefusedAsMalformed(@ForAll("batches") String batch,
            @ForAll @IntRange(max = 10_000) int where, @ForAll("damage") Damage damage, @ForAll char character) {
        byte[] bytes = batch.getBytes(StandardCharsets.UTF_8);
        assertParsesOrIsRefused(damage.apply(bytes, where % bytes.length, (byte) character));
    }

    @Property(tries = 1_000)
    void anyBytesAsNdjsonLinesAreEachParsedOrRefused(@ForAll @Size(max = 400) byte[] body) {
        for (EventBatch.Sent event : EventBatch.ndjson(body, codec).events()) {
            assertEventParsesOrIsRefused(event);
        }
    }

    @Property(tries = 1_000)
    void whatAClientSendsIsWhatTheEventHolds(@ForAll("names") String event, @ForAll("names") String userId,
            @ForAll("properties") Map<String, Object> properties) {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("type", "track");
        sent.put("event", event);
        sent.put("userId", userId);
        sent.put("properties", properties);
        byte[] body = json.writeValueAsBytes(Map.of("batch", List.of(sent)));

        EventBatch batch = EventBatch.envelope(body, codec);
        RawEvent parsed = EventRules.validate(batch.events().getFirst().decode(), null);

        assertThat(parsed.type()).isEqualTo(EventType.TRACK);
        assertThat(parsed.event()).isEqualTo(event);
        assertThat(parsed.userId()).isEqualTo(userId);
        assertThat(parsed.properties()).containsOnlyKeys(properties.keySet());
        properties.forEach((key, value) -> assertThat(String.valueOf(parsed.properties().get(key)))
                .isEqualTo(String.valueOf(value)));
    }

    @Property(tries = 2_000)
    void readingABatchInOnePassJudgesEachEventAsDecodingItAloneDoes(@ForAll("oddBatches") String batch,
            @ForAll @IntRange(max = 10_000) int where, @ForAll("damage") Damage damage, @ForAll char character,
            @ForAll boolean damaged) {
        byte[] bytes = batch.getBytes(StandardCharsets.UTF_8);
        byte[] body = damaged ? damage.apply(bytes, where % bytes.length, (byte) character) : bytes;
        List<Object> alone = eachEventAlone(body);
        List<Object> onePass;
        try {
            onePass = EventBatch.envelope(body, codec).events().stream().map(this::outcome).toList();
        }
        catch (EventFormatException refused) {
            onePass = null;
        }
        assertThat(onePass).isEqualTo(alone);
    }

    /** What an event of a batch is judged to be: its size with the event, or with why it is no event. */
    private Object outcome(EventBatch.Sent event) {
        try {
            return List.of(event.size(), event.decode());
        }
        catch (EventFormatException refused) {
            return List.of(event.size(), "refused: " + refused.getMessage());
        }
    }

    /** The batch's events each cut out of the body and decoded alone; null when the body is no batch. */
    private List<Object> eachEventAlone(byte[] body) {
        List<EventBatch.Sent> slices = new ArrayList<>();
        try (JsonParser parser = codec.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean array = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("batch".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        return null;
                    }
                    array = true;
                    slices.clear();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getByteOffset();
                        slices.add(new EventBatch.Slice(codec, body, start, end - start));
                    }
                }
                else if ("sentAt".equals(field) && value == JsonToken.VALUE_STRING) {
                    try {
                        EventCodec.instant(parser.getString());
                    }
                    catch (DateTimeParseException ex) {
                        return null;
                    }
                }
                else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null || !array) {
                return null;
            }
        }
        catch (JacksonException malformed) {
            return null;
        }
        return slices.stream().map(this::outcome).toList();
    }

    private void assertParsesOrIsRefused(byte[] body) {
        EventBatch batch;
        try {
            batch = EventBatch.envelope(body, codec);
        }
        catch (EventFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        for (EventBatch.Sent event : batch.events()) {
            assertEventParsesOrIsRefused(event);
        }
    }

    private void assertEventParsesOrIsRefused(EventBatch.Sent event) {
        try {
            RawEvent parsed = EventRules.validate(event.decode(), null);
            assertThat(parsed.type()).isNotNull();
            assertThat(parsed.distinctId()).isNotBlank();
        }
        catch (EventFormatException | InvalidEventException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** Ways a body gets damaged on its way: a byte replaced, a byte inserted, cut off, a slice repeated. */
    enum Damage {
        REPLACE, INSERT, TRUNCATE, REPEAT;

        byte[] apply(byte[] body, int at, byte value) {
            return switch (this) {
                case REPLACE -> {
                    byte[] copy = body.clone();
                    copy[at] = value;
                    yield copy;
                }
                case INSERT -> {
                    byte[] copy = new byte[body.length + 1];
                    System.arraycopy(body, 0, copy, 0, at);
                    copy[at] = value;
                    System.arraycopy(body, at, copy, at + 1, body.length - at);
                    yield copy;
                }
                case TRUNCATE -> Arrays.copyOf(body, at);
                case REPEAT -> {
                    byte[] copy = new byte[body.length + at];
                    System.arraycopy(body, 0, copy, 0, body.length);
                    System.arraycopy(body, 0, copy, body.length, at);
                    yield copy;
                }
            };
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        return Arbitraries.of(Damage.class);
    }

    /**
     * Names, ids and keys as clients send them: any unicode (emoji and other supplementary characters too), quotes,
     * backslashes and control characters included. Only well-formed text: a lone surrogate is no character, and JSON
     * text holding one is refused as malformed, as the properties on arbitrary input cover.
     */
    @Provide
    Arbitrary<String> names() {
        return text(1, 40).filter(text -> !text.isBlank());
    }

    private static Arbitrary<String> text(int minLength, int maxLength) {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(1, Arbitraries.integers().between(0, 0x1F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0x10FFFF)));
        return codePoints.list().ofMinSize(minLength).ofMaxSize(maxLength)
                .map(points -> new String(points.stream().mapToInt(Integer::intValue).toArray(), 0, points.size()));
    }

    @Provide
    Arbitrary<Map<String, Object>> properties() {
        Arbitrary<Object> values = Arbitraries.oneOf(text(0, 20).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast), Arbitraries.of(true, false).map(Object.class::cast));
        return Arbitraries.maps(names(), values).ofMaxSize(5);
    }

    /** Valid batches of one to three events of the Segment types. */
    @Provide
    Arbitrary<String> batches() {
        Arbitrary<String> event = Combinators.combine(Arbitraries.of("track", "page", "identify", "group", "alias"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)).as((type, id) -> """
                        {"type":"%s","event":"E %s","userId":"%s","anonymousId":"a-%s","groupId":"g","previousId":"p",\
                        "messageId":"m-%s","timestamp":"2026-11-22T10:00:00Z","properties":{"n":1,"s":"x"},\
                        "context":{"ip":"203.0.113.9","page":{"url":"https://x.example/?utm_source=s"}}}"""
                        .formatted(type, id, id, id, id));
        return event.list().ofMinSize(1).ofMaxSize(3)
                .map(events -> "{\"batch\":[" + String.join(",", events) + "],\"sentAt\":\"2026-11-22T10:00:01Z\"}");
    }

    /**
     * Batches whose events include well-formed JSON that is no event: fields of the wrong kind at any depth, times
     * Jackson's own reader refuses, elements that are no object.
     */
    @Provide
    Arbitrary<String> oddBatches() {
        Arbitrary<String> element = Arbitraries.of(
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"properties\":{\"n\":1.5,\"a\":[1,{\"b\":null}]}}",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":{\"nested\":[1,{\"deeper\":true}]}}",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":{\"x\":[1]}}",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"yesterday\"}",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":[1,2]}",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":1e400}",
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\",\"timestamp\":\"2026-11-22T12:00:00+02:00\"}",
                "{\"type\":\"teleport\",\"userId\":\"u\"}",
                "{\"type\":\"page\",\"userId\":\"u\",\"context\":{\"page\":[\"x\"],\"ip\":\"1.2.3.4\"}}",
                "{\"type\":\"page\",\"userId\":\"u\",\"context\":{\"campaign\":{\"name\":{}}}}",
                "{\"properties\":\"flat\",\"userId\":\"u\"}",
                "42", "null", "\"text\"", "[1,[2]]", "{}", "true");
        return element.list().ofMinSize(1).ofMaxSize(6)
                .map(events -> "{\"writeKey\":\"k\",\"batch\":[" + String.join(",", events) + "]}");
    }

    /** Text made of JSON's own characters, so most of it gets far into the parser before it breaks. */
    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]:,\"\\ 0123456789.-+eEtrufalsn batchypeusrId\u00e9\u2028")
                .ofMaxLength(200).map(text -> "{\"batch\":[" + text);
    }
}
