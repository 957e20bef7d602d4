package dev.pulse.support.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import reactor.util.context.ContextView;

/**
 * Carries traces across Kafka in the record headers (W3C {@code traceparent}), for the batch paths that Spring
 * Kafka's per-record observations do not cover.
 *
 * <ul>
 * <li>A producer takes the headers of the current request once ({@link #headers(ContextView)}) and puts them on
 * every record it publishes for that request.</li>
 * <li>A batch consumer opens a {@link Batch}: one span per record that belongs to a sampled trace (a child of the
 * producer's span, so the request's trace continues through this service), capped per batch, and one span for the
 * batch itself linked to them. Records of unsampled traces cost a header read and nothing else.</li>
 * </ul>
 */
public class KafkaTracing {

    /** The W3C trace context header, the propagation Spring Boot configures for OpenTelemetry by default. */
    public static final String TRACEPARENT = "traceparent";
    /** Most record spans per batch: a trace sampled at a high rate must not make a batch cost thousands of spans. */
    static final int MAX_RECORD_SPANS = 256;

    private static final Propagator.Getter<Headers> GETTER = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.ISO_8859_1);
    };
    private static final Propagator.Setter<List<Header>> SETTER = (headers, key, value) -> {
        if (headers != null) {
            headers.add(new RecordHeader(key, value.getBytes(StandardCharsets.ISO_8859_1)));
        }
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public KafkaTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Headers carrying the trace of the request observed in {@code context} (WebFlux puts it there); may be empty. */
    public List<Header> headers(ContextView context) {
        Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        if (observation == null) {
            return List.of();
        }
        TracingObservationHandler.TracingContext tracing = observation.getContextView()
                .get(TracingObservationHandler.TracingContext.class);
        return tracing == null || tracing.getSpan() == null ? List.of() : headers(tracing.getSpan().context());
    }

    private List<Header> headers(TraceContext context) {
        List<Header> headers = new ArrayList<>(2);
        propagator.inject(context, headers, SETTER);
        return List.copyOf(headers);
    }

    /** Work on a consumed batch, given its spans (to take trace headers from for what it publishes). */
    @FunctionalInterface
    public interface BatchWork<E extends Exception> {

        void run(Batch trace) throws E;
    }

    /**
     * Runs {@code work} on a consumed batch within its spans: the spans end when the work does, marked failed when
     * it throws.
     */
    public <E extends Exception> void inBatch(String name, List<? extends ConsumerRecord<?, ?>> records,
            BatchWork<E> work) throws E {
        try (Batch trace = batch(name, records)) {
            try {
                work.run(trace);
            }
            catch (RuntimeException | Error ex) {
                trace.failed(ex);
                throw ex;
            }
            catch (Exception ex) {
                trace.failed(ex);
                throw ex;
            }
        }
    }

    private Batch batch(String name, List<? extends ConsumerRecord<?, ?>> records) {
        Map<ConsumerRecord<?, ?>, Span> recordSpans = new IdentityHashMap<>();
        List<Link> links = new ArrayList<>();
        for (ConsumerRecord<?, ?> record : records) {
            if (links.size() == MAX_RECORD_SPANS) {
                break;
            }
            if (sampled(record.headers().lastHeader(TRACEPARENT))) {
                Span span = propagator.extract(record.headers(), GETTER).name(name).kind(Span.Kind.CONSUMER)
                        .tag("messaging.system", "kafka")
                        .tag("messaging.destination.name", record.topic())
                        .start();
                recordSpans.put(record, span);
                links.add(new Link(span.context()));
            }
        }
        Span.Builder batch = tracer.spanBuilder().name(name + " batch").setNoParent().kind(Span.Kind.CONSUMER)
                .tag("messaging.batch.message_count", String.valueOf(records.size()));
        links.forEach(batch::addLink);
        return new Batch(this, batch.start(), recordSpans);
    }

    /**
     * {@code 00-<trace id>-<span id>-<flags>}: sampled when the flags' lowest bit is set. Read from the header's bytes,
     * so a record of an unsampled trace costs no string.
     */
    static boolean sampled(Header traceparent) {
        byte[] value = traceparent == null ? null : traceparent.value();
        if (value == null || value.length != 55) {
            return false;
        }
        int flags = Character.digit(value[54], 16);
        return flags >= 0 && (flags & 1) == 1;
    }

    /** The spans of one consumed batch. */
    public static final class Batch implements AutoCloseable {

        /** No spans: what is published carries on the trace headers its source came with. */
        public static final Batch UNTRACED = new Batch(null, Span.NOOP, Map.of());

        private final KafkaTracing tracing;
        private final Span batch;
        private final Map<ConsumerRecord<?, ?>, Span> records;

        private Batch(KafkaTracing tracing, Span batch, Map<ConsumerRecord<?, ?>, Span> records) {
            this.tracing = tracing;
            this.batch = batch;
            this.records = records;
        }

        /**
         * Headers for what this service publishes from {@code source}: the context of its span here when the record
         * was traced, otherwise the trace headers it came with.
         */
        public Iterable<Header> headersFor(ConsumerRecord<?, ?> source) {
            Span span = records.get(source);
            if (span != null) {
                return tracing.headers(span.context());
            }
            Header traceparent = source.headers().lastHeader(TRACEPARENT);
            return traceparent == null ? List.of() : List.of(traceparent);
        }

        void failed(Throwable error) {
            batch.error(error);
            records.values().forEach(span -> span.error(error));
        }

        @Override
        public void close() {
            records.values().forEach(Span::end);
            batch.end();
        }
    }
}
