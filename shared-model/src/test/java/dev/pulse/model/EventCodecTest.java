package dev.pulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void rawEventSurvivesARoundTrip() {
        RawEvent event = orderCompleted();

        assertThat(codec.decodeRaw(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void anEnvelopeInstantIsReadInTheCanonicalFormAndWithAnOffset() {
        assertThat(EventCodec.instant("2026-11-22T10:15:30.125Z")).isEqualTo(Instant.parse("2026-11-22T10:15:30.125Z"));
        assertThat(EventCodec.instant("2026-11-22T12:15:30+02:00")).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        assertThatThrownBy(() -> EventCodec.instant("2026-11-22 10:15"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
        assertThatThrownBy(() -> EventCodec.instant("2026-02-30T10:15:30Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @Test
    void enrichedEventSurvivesARoundTrip() {
        EnrichedEvent enriched = EnrichedEvent.of(orderCompleted(), Instant.parse("2026-11-21T10:00:01.250Z"));

        assertThat(codec.decodeEnriched(codec.encode(enriched))).isEqualTo(enriched);
    }

    @Test
    void anEnrichedEventIsReadFromTheBytesABufferSlicesOutOfALargerArray() {
        EnrichedEvent enriched = EnrichedEvent.of(orderCompleted(), Instant.parse("2026-11-21T10:00:01.250Z"));
        byte[] json = codec.encode(enriched);
        // as a Kafka record's value: a slice in the middle of a buffer holding other bytes around it
        byte[] around = new byte[json.length + 20];
        Arrays.fill(around, (byte) '}');
        System.arraycopy(json, 0, around, 13, json.length);
        ByteBuffer value = ByteBuffer.wrap(around, 10, json.length + 3).slice().position(3).limit(json.length + 3);

        assertThat(codec.decodeEnriched(value)).isEqualTo(enriched);
        assertThat(value.position()).isEqualTo(3);
        assertThat(codec.decodeEnriched(ByteBuffer.allocateDirect(json.length).put(json).flip())).isEqualTo(enriched);
        assertThat(EventCodec.bytes(value)).isEqualTo(json);
    }

    @Test
    void readingForCountingKeepsWhatCountersReadAndLeavesTheRestOut() {
        RawEvent order = orderCompleted();
        Enrichments enrichments = new Enrichments(Instant.parse("2026-11-21T09:59:59.500Z"), false, true,
                new Enrichments.Geo("DE", "BE", "Berlin", 3320L, "DTAG"),
                new Enrichments.Device("Firefox", "132", "Linux", "6", "Desktop", false),
                new Enrichments.PageUrl("shop.example", "/cart"), order.context().campaign(), "search",
                Map.of("plan", "pro"), false);
        EnrichedEvent enriched = EnrichedEvent.of(order, Instant.parse("2026-11-21T10:00:01.250Z"), enrichments);

        EnrichedEvent counted = codec.decodeForCounting(ByteBuffer.wrap(codec.encode(enriched)));

        RawEvent countedOrder = new RawEvent(order.tenant(), order.type(), order.event(), order.name(), order.userId(),
                order.anonymousId(), null, order.timestamp(), null, order.receivedAt(), order.properties(), null, null,
                null, null);
        assertThat(counted).isEqualTo(EnrichedEvent.of(countedOrder, enriched.processedAt(),
                new Enrichments(enrichments.derivedTimestamp(), false, false, enrichments.geo(), enrichments.device(),
                        null, enrichments.campaign(), "search", null, false)));
    }

    @Test
    void readingForCountingRefusesWhatTheWholeReaderRefusesInTheFieldsItReads() {
        byte[] future = "{\"schemaVersion\":99,\"event\":{\"type\":\"track\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] badType = "{\"schemaVersion\":1,\"event\":{\"type\":\"purchase\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] badProperties = "{\"schemaVersion\":1,\"event\":{\"type\":\"track\",\"properties\":[1]}}"
                .getBytes(StandardCharsets.UTF_8);

        for (byte[] refused : List.of(future, badType, badProperties)) {
            assertThatThrownBy(() -> codec.decodeForCounting(ByteBuffer.wrap(refused)))
                    .isInstanceOf(EventFormatException.class);
        }
    }

    @Test
    void deadLetterSurvivesARoundTrip() {
        DeadLetter deadLetter = new DeadLetter(DeadLetterReason.PARSE_ERROR, "Unexpected end-of-input", null, null,
                Topics.RAW, 2, 4711L, "{\"type\":", Instant.parse("2026-11-21T10:00:02Z"));

        byte[] json = codec.encode(deadLetter);

        assertThat(codec.decodeDeadLetter(json)).isEqualTo(deadLetter);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"reason\":\"parse_error\"");
    }

    @Test
    void readsASegmentTrackCallWithFieldsItDoesNotKnow() {
        String json = """
                {"type":"track","event":"Signed Up","userId":"u1","messageId":"m-1",
                 "timestamp":"2026-11-21T12:00:00+02:00","integrations":{"All":true},
                 "properties":{"plan":"pro","seats":3,"tags":["a","b"]},
                 "context":{"ip":"203.0.113.9","os":{"name":"iOS"},"page":{"url":"https://pulse.dev/a?utm_source=x"}}}
                """;

        RawEvent event = codec.decodeRaw(json.getBytes(StandardCharsets.UTF_8));

        assertThat(event.type()).isEqualTo(EventType.TRACK);
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(event.properties()).containsEntry("seats", 3).containsEntry("tags", List.of("a", "b"));
        assertThat(event.context().ip()).isEqualTo("203.0.113.9");
        assertThat(event.context().page().url()).isEqualTo("https://pulse.dev/a?utm_source=x");
        assertThat(event.countedName()).isEqualTo("Signed Up");
    }

    @Test
    void fieldNamesAreKnownInAnyOrderAndWhenWrittenWithEscapes() {
        String json = """
                {"properties":{"plan":"pro"},"user\\u0049d":"u1","\\u0074ype":"track","messageId":"m-1",
                 "context":{"page":{"title":"Home","url":"https://pulse.dev/a"},"ip":"203.0.113.9"},
                 "event":"Signed Up","unknown":{"event":"not this"},"tenant":"acme"}
                """;

        RawEvent event = codec.decodeRaw(json.getBytes(StandardCharsets.UTF_8));

        assertThat(event.userId()).isEqualTo("u1");
        assertThat(event.type()).isEqualTo(EventType.TRACK);
        assertThat(event.tenant()).isEqualTo("acme");
        assertThat(event.event()).isEqualTo("Signed Up");
        assertThat(event.properties()).isEqualTo(Map.of("plan", "pro"));
        assertThat(event.context().page().title()).isEqualTo("Home");
        assertThat(event.context().page().url()).isEqualTo("https://pulse.dev/a");
        assertThat(event.context().ip()).isEqualTo("203.0.113.9");
    }

    @Test
    void writesNoNullFields() {
        RawEvent sparse = new RawEvent("acme", EventType.IDENTIFY, null, null, "u1", null, "m-1",
                null, null, null, null, null, null, null, null);

        assertThat(new String(codec.encode(sparse), StandardCharsets.UTF_8))
                .isEqualTo("{\"tenant\":\"acme\",\"type\":\"identify\",\"userId\":\"u1\",\"messageId\":\"m-1\"}");
    }

    @Test
    void malformedJsonIsAFormatErrorThatSaysWhy() {
        assertThatThrownBy(() -> codec.decodeRaw("{\"type\":\"track\",".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("end-of-input");
        assertThatThrownBy(() -> codec.decodeRaw("{\"type\":\"purchase\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("purchase");
        assertThatThrownBy(() -> codec.decodeRaw("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class);
    }

    @Test
    void enrichedRecordOfAnUnknownSchemaVersionIsRejected() {
        byte[] future = "{\"schemaVersion\":99,\"event\":{\"type\":\"track\"}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decodeEnriched(future))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("99");
    }

    @Test
    void acceptanceStampsTheServerSideContext() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        RawEvent sent = new RawEvent(null, EventType.TRACK, "Clicked", null, null, "anon-7", null,
                null, null, null, null, null, null, null, null);

        RawEvent accepted = sent.accepted("acme", now, "198.51.100.4", "curl/8");

        assertThat(accepted.tenant()).isEqualTo("acme");
        assertThat(accepted.receivedAt()).isEqualTo(now);
        assertThat(accepted.timestamp()).isEqualTo(now);
        assertThat(accepted.messageId()).hasSize(36);
        assertThat(accepted.context().ip()).isEqualTo("198.51.100.4");
        assertThat(accepted.context().userAgent()).isEqualTo("curl/8");
        assertThat(EventKeys.partitionKey(accepted)).isEqualTo("acme:anon-7");
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefused() {
        String deep = "{\"type\":\"track\",\"properties\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}";

        assertThatThrownBy(() -> new EventCodec(32).decodeRaw(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("nesting depth");
        assertThat(new EventCodec(64).decodeRaw(deep.getBytes(StandardCharsets.UTF_8)).type()).isEqualTo(EventType.TRACK);
    }

    @Test
    void aFreeFormObjectIsWrittenAsDatabindWritesIt() {
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("revenue", 19.5);
        properties.put("items", 2);
        properties.put("big", new java.math.BigDecimal("12345678901234567890.5"));
        properties.put("coupon", null);
        properties.put("tags", List.of("a", "é", true));
        properties.put("cart", Map.of("sku", "X-1"));
        RawEvent decoded = codec.decodeRaw(codec.encodeJson(Map.of("properties", properties)));

        assertThat(new String(codec.encodeJson(properties), StandardCharsets.UTF_8))
                .isEqualTo(codec.mapper().writeValueAsString(properties))
                .isEqualTo("{\"revenue\":19.5,\"items\":2,\"big\":12345678901234567890.5,\"coupon\":null,"
                        + "\"tags\":[\"a\",\"é\",true],\"cart\":{\"sku\":\"X-1\"}}");
        assertThat(decoded.properties()).containsEntry("revenue", 19.5).containsEntry("tags", List.of("a", "é", true));
    }

    @Test
    void firstSeenLocationSurvivesARoundTripAndKeysCarryTheTenantTag() {
        assertThat(FirstSeen.parse(new FirstSeen(5, 123456789012L).encode())).isEqualTo(new FirstSeen(5, 123456789012L));
        assertThat(EventKeys.firstSeenKey("acme", "m-1")).isEqualTo("pulse:{acme}:seen:m-1");
        assertThatThrownBy(() -> FirstSeen.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    static RawEvent orderCompleted() {
        return new RawEvent("acme", EventType.TRACK, "Order Completed", null, "user-42", "anon-1", "msg-1",
                Instant.parse("2026-11-21T09:59:58Z"), Instant.parse("2026-11-21T09:59:59Z"),
                Instant.parse("2026-11-21T10:00:00.123Z"),
                Map.of("revenue", 19.99, "currency", "EUR", "items", 2),
                null,
                new EventContext("203.0.113.9", "Mozilla/5.0",
                        new EventContext.Page("https://shop.example/cart", "/cart", "https://www.google.com/", "Cart"),
                        new EventContext.Campaign("autumn", "newsletter", "email", null, null),
                        new EventContext.Library("analytics.js", "5.2.0"), "en-US"),
                null, null);
    }
}
