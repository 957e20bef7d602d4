package dev.pulse.ingestion.capture;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events of one request, each still as its own JSON bytes, so each is decoded and judged on its own: one bad
 * event is rejected alone, and its size is known exactly.
 *
 * @param writeKey the {@code writeKey} field of the body, if any
 * @param sentAt the batch's {@code sentAt}, applied to events that carry none
 * @param events each event's JSON
 */
record EventBatch(String writeKey, Instant sentAt, List<byte[]> events) {

    /** A single-event body: the event itself, whose {@code writeKey} field may carry the key. */
    static EventBatch single(byte[] body, JsonMapper json) {
        return new EventBatch(topLevelWriteKey(body, json), null, List.of(body));
    }

    /** Segment's batch envelope: {@code {"batch":[…], "sentAt": …, "writeKey": …}}. */
    static EventBatch envelope(byte[] body, JsonMapper json) {
        String writeKey = null;
        Instant sentAt = null;
        List<byte[]> events = null;
        try (JsonParser parser = json.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "a batch is a JSON object with a 'batch' array");
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "batch" -> {
                        expect(value == JsonToken.START_ARRAY, "'batch' must be an array");
                        events = new ArrayList<>();
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            int start = (int) parser.currentTokenLocation().getByteOffset();
                            parser.skipChildren();
                            int end = (int) parser.currentLocation().getByteOffset();
                            events.add(Arrays.copyOfRange(body, start, end));
                        }
                    }
                    case "writeKey" -> writeKey = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "sentAt" -> sentAt = value == JsonToken.VALUE_STRING ? instant(parser.getString()) : null;
                    default -> parser.skipChildren();
                }
            }
            expect(parser.nextToken() == null, "unexpected content after the batch object");
        }
        catch (JacksonException ex) {
            throw new EventFormatException(ex.getOriginalMessage(), ex);
        }
        expect(events != null, "a batch needs a 'batch' array");
        return new EventBatch(writeKey, sentAt, events);
    }

    /**
     * A WebSocket frame: a batch envelope when its top-level object has a {@code batch} field, else one event (which
     * then names its own {@code type}).
     */
    static EventBatch frame(byte[] body, JsonMapper json) {
        return hasTopLevelField(body, json, "batch") ? envelope(body, json) : single(body, json);
    }

    /** {@code application/x-ndjson}: one event per line; blank lines are skipped. */
    static EventBatch ndjson(byte[] body) {
        List<byte[]> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (!isBlank(body, start, end)) {
                    events.add(Arrays.copyOfRange(body, start, end));
                }
                start = i + 1;
            }
        }
        return new EventBatch(null, null, events);
    }

    private static boolean hasTopLevelField(byte[] body, JsonMapper json, String name) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                if (name.equals(parser.currentName())) {
                    return true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return false;
        }
        catch (JacksonException ex) {
            // decoding the frame as an event reports what is wrong with it
            return false;
        }
    }

    private static String topLevelWriteKey(byte[] body, JsonMapper json) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("writeKey".equals(field) && value == JsonToken.VALUE_STRING) {
                    return parser.getString();
                }
                parser.skipChildren();
            }
            return null;
        }
        catch (JacksonException ex) {
            // the event itself is decoded next and reports what is wrong with it
            return null;
        }
    }

    private static Instant instant(String text) {
        try {
            return EventCodec.instant(text);
        }
        catch (DateTimeParseException ex) {
            throw new EventFormatException("'sentAt' is not an ISO-8601 time: " + text, ex);
        }
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new EventFormatException(message, null);
        }
    }
}
