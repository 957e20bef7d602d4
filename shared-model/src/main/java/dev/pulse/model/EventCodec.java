package dev.pulse.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
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

    private final JsonMapper mapper;
    private final ObjectReader rawReader;
    private final ObjectReader enrichedReader;
    private final ObjectReader deadLetterReader;
    private final ObjectWriter rawWriter;
    private final ObjectWriter enrichedWriter;
    private final ObjectWriter deadLetterWriter;

    public EventCodec() {
        this(StreamReadConstraints.DEFAULT_MAX_DEPTH);
    }

    /** A codec that refuses JSON nested deeper than {@code maxNestingDepth}, as a guard against hostile input. */
    public EventCodec(int maxNestingDepth) {
        this(JsonMapper.builder(JsonFactory.builder()
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
        // readers and writers bound to their type once: no type resolution per event on the hot path
        this.rawReader = mapper.readerFor(RawEvent.class);
        this.enrichedReader = mapper.readerFor(EnrichedEvent.class);
        this.deadLetterReader = mapper.readerFor(DeadLetter.class);
        this.rawWriter = mapper.writerFor(RawEvent.class);
        this.enrichedWriter = mapper.writerFor(EnrichedEvent.class);
        this.deadLetterWriter = mapper.writerFor(DeadLetter.class);
    }

    public byte[] encode(RawEvent event) {
        return rawWriter.writeValueAsBytes(event);
    }

    public byte[] encode(EnrichedEvent event) {
        return enrichedWriter.writeValueAsBytes(event);
    }

    public byte[] encode(DeadLetter deadLetter) {
        return deadLetterWriter.writeValueAsBytes(deadLetter);
    }

    public DeadLetter decodeDeadLetter(byte[] json) {
        return read(json, deadLetterReader);
    }

    public RawEvent decodeRaw(byte[] json) {
        return read(json, rawReader);
    }

    public EnrichedEvent decodeEnriched(byte[] json) {
        EnrichedEvent enriched = read(json, enrichedReader);
        if (enriched.schemaVersion() != EnrichedEvent.SCHEMA_VERSION) {
            throw new EventFormatException("unsupported enriched schema version " + enriched.schemaVersion(), null);
        }
        return enriched;
    }

    /** The mapper behind this codec, for callers that parse envelopes around events (such as batches). */
    public JsonMapper mapper() {
        return mapper;
    }

    private static <T> T read(byte[] json, ObjectReader reader) {
        try {
            T value = reader.readValue(json);
            if (value == null) {
                throw new EventFormatException("expected a JSON object, got null", null);
            }
            return value;
        }
        catch (JacksonException ex) {
            throw new EventFormatException(ex.getOriginalMessage(), ex);
        }
    }
}
