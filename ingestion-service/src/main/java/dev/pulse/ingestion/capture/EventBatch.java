package dev.pulse.ingestion.capture;

import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.RawEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;

/**
 * The events of one request, each judged on its own: one bad event is rejected alone, and its size is known exactly.
 * A batch envelope's events are decoded while the envelope is read (one pass over the body); a single event and the
 * lines of NDJSON are decoded when judged, after their size was checked.
 *
 * @param writeKey the {@code writeKey} field of the body, if any
 * @param sentAt the batch's {@code sentAt}, applied to events that carry none
 * @param events the request's events, in order
 */
record EventBatch(String writeKey, Instant sentAt, List<Sent> events) {

    /** One event of a request. */
    sealed interface Sent {

        /** The bytes of the event's JSON. */
        int size();

        /**
         * The event.
         *
         * @throws EventFormatException when the JSON is no event
         */
        RawEvent decode();
    }

    /** An event's bytes within the body, not decoded yet. */
    record Slice(EventCodec codec, byte[] body, int offset, int length) implements Sent {

        @Override
        public int size() {
            return length;
        }

        @Override
        public RawEvent decode() {
            return codec.decodeRaw(body, offset, length);
        }
    }

    /** An event decoded as part of its envelope: the event, or why its JSON is no event. */
    record Decoded(int size, RawEvent event, EventFormatException error) implements Sent {

        @Override
        public RawEvent decode() {
            if (error != null) {
                throw error;
            }
            return event;
        }
    }

    /** A single-event body: the event itself, whose {@code writeKey} field may carry the key. */
    static EventBatch single(byte[] body, EventCodec codec) {
        return new EventBatch(topLevelWriteKey(body, codec), null, List.of(new Slice(codec, body, 0, body.length)));
    }

    /**
     * Segment's batch envelope: {@code {"batch":[…], "sentAt": …, "writeKey": …}}. Malformed JSON anywhere refuses the
     * whole body; an element that is well-formed JSON but no event (wrong kinds of field, not an object) is that
     * event's own error.
     */
    static EventBatch envelope(byte[] body, EventCodec codec) {
        String writeKey = null;
        Instant sentAt = null;
        List<Sent> events = null;
        try (JsonParser parser = codec.parser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "a batch is a JSON object with a 'batch' array");
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "batch" -> {
                        expect(value == JsonToken.START_ARRAY, "'batch' must be an array");
                        events = elements(parser, codec);
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

    /** The elements of the array whose start is the parser's current token, each decoded; the parser ends at its end. */
    private static List<Sent> elements(JsonParser parser, EventCodec codec) {
        TokenStreamContext array = parser.streamReadContext();
        List<Sent> events = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            long start = parser.currentTokenLocation().getByteOffset();
            RawEvent event = null;
            EventFormatException error = null;
            try {
                event = codec.decodeRaw(parser);
            }
            catch (EventFormatException ex) {
                error = ex;
                // the rest of this element, which is well-formed so far: the next one is judged on its own
                while (parser.streamReadContext() != array) {
                    parser.nextToken();
                }
            }
            int size = (int) (parser.currentLocation().getByteOffset() - start);
            events.add(new Decoded(size, event, error));
        }
        return events;
    }

    /**
     * A WebSocket frame: a batch envelope when its top-level object has a {@code batch} field, else one event (which
     * then names its own {@code type}).
     */
    static EventBatch frame(byte[] body, EventCodec codec) {
        return hasTopLevelField(body, codec, "batch") ? envelope(body, codec) : single(body, codec);
    }

    /** {@code application/x-ndjson}: one event per line; blank lines are skipped. */
    static EventBatch ndjson(byte[] body, EventCodec codec) {
        List<Sent> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (!isBlank(body, start, end)) {
                    events.add(new Slice(codec, body, start, end - start));
                }
                start = i + 1;
            }
        }
        return new EventBatch(null, null, events);
    }

    private static boolean hasTopLevelField(byte[] body, EventCodec codec, String name) {
        try (JsonParser parser = codec.parser(body)) {
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

    private static String topLevelWriteKey(byte[] body, EventCodec codec) {
        try (JsonParser parser = codec.parser(body)) {
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
