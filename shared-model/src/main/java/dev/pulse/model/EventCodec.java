package dev.pulse.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON wire format of events, for HTTP bodies and Kafka record values alike. Thread-safe; one instance per
 * service is enough. Nulls are left out on write; unknown fields are ignored on read, so older readers accept
 * records from newer writers that only add fields.
 */
public final class EventCodec {

    /** Enough for most events in one go (raw 300–1,000 bytes, enriched up to 1,500); larger ones grow the buffer. */
    private static final int INITIAL_BUFFER = 2048;
    /** A buffer grown past this by an unusually large event is not kept for the thread's next one. */
    private static final int MAX_KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<ByteArrayOutputStream> BUFFERS =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(INITIAL_BUFFER));

    private final JsonMapper mapper;
    /** The mapper's factory, used bare: no databind context per event (the events' reader and writer need none). */
    private final TokenStreamFactory json;
    private final EventJson events;
    private final EventJson countedEvents;
    private final ObjectReader deadLetterReader;
    private final ObjectWriter deadLetterWriter;

    public EventCodec() {
        this(StreamReadConstraints.DEFAULT_MAX_DEPTH);
    }

    /**
     * A codec that refuses JSON nested deeper than {@code maxNestingDepth}, as a guard against hostile input.
     *
     * <p>Each parser and generator borrows its buffers from a pool per thread. Jackson 3's default pool is a shared
     * concurrent deque, built for virtual threads; the codec runs on a few platform threads (Kafka consumers and
     * Netty event loops) that each decode thousands of events a second, and the deque's two operations per event
     * were 2 % of the aggregation service's samples.
     */
    public EventCodec(int maxNestingDepth) {
        this(JsonMapper.builder(JsonFactory.builder()
                        .recyclerPool(JsonRecyclerPools.threadLocalPool())
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                        .build())
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .addModule(new SimpleModule("pulse-instants").addDeserializer(Instant.class, new InstantText()))
                .build());
    }

    EventCodec(JsonMapper mapper) {
        this.mapper = mapper;
        this.json = mapper.tokenStreamFactory();
        // events (on every hot path) by hand, dead letters (rare) by databind, each bound to its type once
        // the Instant reader reads one value in the middle of an event: what follows it is not trailing content
        this.events = new EventJson(mapper.readerFor(Instant.class)
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
        this.countedEvents = events.forCounting();
        this.deadLetterReader = mapper.readerFor(DeadLetter.class);
        this.deadLetterWriter = mapper.writerFor(DeadLetter.class);
    }

    public byte[] encode(RawEvent event) {
        return write(generator -> events.write(generator, event));
    }

    public byte[] encode(EnrichedEvent event) {
        return write(generator -> events.write(generator, event));
    }

    /**
     * A free-form object such as an event's {@code properties}, as the JSON an event carries it in: written as events
     * are, with no databind context or serializer lookup per call.
     */
    public byte[] encodeJson(Map<String, ?> object) {
        return write(generator -> EventJson.value(generator, object));
    }

    private byte[] write(Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream out = buffer();
        try (JsonGenerator generator = json.createGenerator(ObjectWriteContext.empty(), out)) {
            writer.accept(generator);
        }
        return out.toByteArray();
    }

    /** This thread's encoding buffer, emptied: a fresh buffer per event costs more to allocate than to fill. */
    private static ByteArrayOutputStream buffer() {
        ByteArrayOutputStream out = BUFFERS.get();
        if (out.size() > MAX_KEPT_BUFFER) {
            out = new ByteArrayOutputStream(INITIAL_BUFFER);
            BUFFERS.set(out);
        }
        out.reset();
        return out;
    }

    public byte[] encode(DeadLetter deadLetter) {
        return deadLetterWriter.writeValueAsBytes(deadLetter);
    }

    public DeadLetter decodeDeadLetter(byte[] json) {
        try {
            DeadLetter value = deadLetterReader.readValue(json);
            if (value == null) {
                throw new EventFormatException("expected a JSON object, got null", null);
            }
            return value;
        }
        catch (JacksonException ex) {
            throw new EventFormatException(ex.getOriginalMessage(), ex);
        }
    }

    public RawEvent decodeRaw(byte[] bytes) {
        return decodeRaw(bytes, 0, bytes.length);
    }

    /** One event from {@code length} bytes at {@code offset} (a line of a longer body, say): nothing may follow it. */
    public RawEvent decodeRaw(byte[] bytes, int offset, int length) {
        return read(bytes, offset, length, events::readRaw);
    }

    /**
     * A parser over {@code bytes} with this codec's limits (nesting depth) and no databind context, for reading an
     * envelope around events (a batch) with {@link #decodeRaw(JsonParser)}.
     */
    public JsonParser parser(byte[] bytes) {
        return json.createParser(ObjectReadContext.empty(), bytes);
    }

    /**
     * The event that starts at the parser's current token (an element of a batch's array, say), so an envelope and
     * its events are read in one pass. On return the parser is at the event's closing brace.
     *
     * @throws EventFormatException when the value is no event (not an object, a field of the wrong kind): the JSON
     *         itself is well-formed so far, and the parser is somewhere inside the value
     * @throws JacksonException when the JSON is malformed, which ends the whole read
     */
    public RawEvent decodeRaw(JsonParser parser) {
        try {
            return events.readRawAt(parser);
        }
        catch (DatabindException | InputCoercionException ex) {
            // a value refused (by Jackson's Instant reader, say): this event is wrong, the JSON around it is fine
            throw new EventFormatException(ex.getOriginalMessage(), ex);
        }
    }

    public EnrichedEvent decodeEnriched(byte[] bytes) {
        return checked(read(bytes, 0, bytes.length, events::readEnriched));
    }

    /**
     * As {@link #decodeEnriched(byte[])}, from the buffer's remaining bytes, read where they lie when the buffer has an
     * array (as a Kafka record's value does with {@code ByteBufferDeserializer}: no copy of each record).
     * The buffer's position is left as it was.
     */
    public EnrichedEvent decodeEnriched(ByteBuffer buffer) {
        return decodeEnriched(buffer, events);
    }

    /**
     * As {@link #decodeEnriched(ByteBuffer)}, with only what counting reads: the event's tenant, type, names, user
     * ids, {@code timestamp}, {@code receivedAt} and properties, {@code processedAt}, and the enrichments'
     * {@code derivedTimestamp}, geo, device, campaign and referrer class. Everything else is skipped unread and null
     * in the result, which costs about a third less memory per record than the whole event (JMH, BENCHMARKS.md).
     * A value skipped is not checked either, so a record the whole reader refuses for a skipped field (only a writer
     * other than enrichment can make one) is read here.
     */
    public EnrichedEvent decodeForCounting(ByteBuffer buffer) {
        return decodeEnriched(buffer, countedEvents);
    }

    private EnrichedEvent decodeEnriched(ByteBuffer buffer, EventJson reader) {
        if (!buffer.hasArray()) {
            byte[] copy = bytes(buffer);
            return checked(read(copy, 0, copy.length, reader::readEnriched));
        }
        return checked(read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(),
                reader::readEnriched));
    }

    /** A copy of the buffer's remaining bytes; its position is left as it was. */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static EnrichedEvent checked(EnrichedEvent enriched) {
        if (enriched.schemaVersion() != EnrichedEvent.SCHEMA_VERSION) {
            throw new EventFormatException("unsupported enriched schema version " + enriched.schemaVersion(), null);
        }
        return enriched;
    }

    /**
     * The instant an ISO-8601 date-time with an offset names ({@code 2026-11-22T10:15:30Z},
     * {@code 2026-11-22T12:15:30+02:00}), as an envelope's {@code sentAt} gives it. The canonical UTC form, which
     * nearly every client sends, is read without a {@code DateTimeFormatter}.
     *
     * @throws DateTimeParseException when {@code text} is no such date-time
     */
    public static Instant instant(String text) {
        Instant canonical = InstantText.parse(text);
        return canonical != null ? canonical : OffsetDateTime.parse(text).toInstant();
    }

    /** The mapper behind this codec, for callers that parse envelopes around events (such as batches). */
    public JsonMapper mapper() {
        return mapper;
    }

    /** One event read from {@code length} bytes at {@code offset}: nothing may follow it. */
    private <T> T read(byte[] bytes, int offset, int length, Function<JsonParser, T> reader) {
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            T event = reader.apply(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new EventFormatException("unexpected " + trailing + " after the event's JSON object", null);
            }
            return event;
        }
        catch (JacksonException ex) {
            throw new EventFormatException(ex.getOriginalMessage(), ex);
        }
    }
}
