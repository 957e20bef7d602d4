package dev.pulse.bench;

import io.netty.buffer.Unpooled;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A closed-loop driver: {@code connections} clients each post a batch, wait for the answer and post the next, as
 * fast as the service answers. Latency is each request's round trip (HdrHistogram). It measures the most a service
 * sustains; latency at a fixed arrival rate is the open-loop driver's job.
 */
final class BatchLoad {

    /** Counter stride per request: messageIds stay unique for batches of up to this many events. */
    private static final int MAX_BATCH = 2500;

    private final URI target;
    private final String authorization;
    private final List<EventGenerator.Template> templates;
    private final int connections;

    BatchLoad(URI target, String authorization, List<EventGenerator.Template> templates, int connections) {
        this.target = target;
        this.authorization = authorization;
        this.templates = templates;
        this.connections = connections;
    }

    /**
     * What one phase measured.
     *
     * @param events events in requests answered 200
     * @param requests requests answered 200
     * @param failures requests answered otherwise or not at all
     * @param elapsed length of the phase
     * @param latency round trips of the successful requests, in microseconds
     */
    record Result(long events, long requests, long failures, Duration elapsed, Histogram latency) {

        double eventsPerSecond() {
            return events / (elapsed.toNanos() / 1e9);
        }
    }

    /** Runs for {@code duration}; messageIds start with {@code prefix}, so each phase's are its own. */
    Result run(Duration duration, String prefix) {
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(connections)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(pool).baseUrl(target.toString())
                .headers(headers -> headers.set("Authorization", authorization).set("Content-Type", "application/json"));
        Recorder recorder = new Recorder(3);
        AtomicLong ids = new AtomicLong();
        LongAdder events = new LongAdder();
        LongAdder requests = new LongAdder();
        LongAdder failures = new LongAdder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            Flux.range(0, connections)
                    .flatMap(worker -> Mono.defer(() -> {
                        long first = ids.getAndAdd(MAX_BATCH);
                        EventGenerator.Template template = templates.get((int) (first / MAX_BATCH % templates.size()));
                        byte[] body = template.stamp(prefix, first);
                        long sent = System.nanoTime();
                        return client.post().uri("/v1/batch")
                                .send(ByteBufFlux.fromInbound(Mono.just(Unpooled.wrappedBuffer(body))))
                                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                                        .map(ignored -> response.status().code()))
                                .doOnNext(status -> {
                                    if (status == 200) {
                                        recorder.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
                                        requests.increment();
                                        events.add(template.idOffsets().length);
                                    }
                                    else {
                                        failures.increment();
                                    }
                                })
                                .onErrorResume(ex -> {
                                    failures.increment();
                                    return Mono.empty();
                                });
                    }).repeat(() -> System.nanoTime() < end), connections)
                    .blockLast(duration.plusMinutes(1));
        }
        finally {
            pool.disposeLater().block(Duration.ofSeconds(10));
        }
        return new Result(events.sum(), requests.sum(), failures.sum(), Duration.ofNanos(System.nanoTime() - start),
                recorder.getIntervalHistogram());
    }
}
