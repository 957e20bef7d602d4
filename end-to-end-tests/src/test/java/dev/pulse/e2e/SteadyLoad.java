package dev.pulse.e2e;

import dev.pulse.bench.BatchAnswer;
import dev.pulse.bench.EventGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Steady capture traffic from the benchmark's generator (Zipf users, real user agents, IPv4 and IPv6, 5 % re-sent
 * events, 1 % malformed), sent the way an SDK sends: a batch every {@code interval}, each batch sent again with the
 * same messageIds until ingestion answers 2xx. What ingestion acknowledged (accepted, or recognised as a duplicate of
 * an event stored before) is kept by messageId, so a test can hold it against what was stored.
 */
final class SteadyLoad implements AutoCloseable {

    private static final int BATCH = 50;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<URI> capture;
    private final String writeKey;
    private final String prefix;
    private final List<EventGenerator.Template> templates;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("steady-load").factory());
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    /** The batch in hand until it is acknowledged; touched by the sender thread only. */
    private byte[] pending;
    private long batches;

    /**
     * @param capture where the batch endpoint is now (a restarted ingestion may listen elsewhere)
     * @param prefix starts every messageId of this load, so its events are told apart from any other's
     */
    SteadyLoad(Supplier<URI> capture, String writeKey, String prefix, long seed) {
        this.capture = capture;
        this.writeKey = writeKey;
        this.prefix = prefix;
        EventGenerator generator = new EventGenerator(seed, 10_000);
        this.templates = IntStream.range(0, 50).mapToObj(i -> generator.batch(BATCH, EventGenerator.Mix.REALISTIC))
                .toList();
    }

    /** Sends a batch every {@code interval} from now on. */
    SteadyLoad start(Duration interval) {
        sender.scheduleAtFixedRate(this::sendOne, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Stops sending new batches, then sends the one in hand until it is acknowledged, as a client flushing on exit
     * does; fails if that takes longer than {@code patience}.
     */
    void finish(Duration patience) throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load did not stop");
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (pending != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the last batch was not acknowledged within " + patience);
            }
            sendOne();
        }
    }

    private void sendOne() {
        if (pending == null) {
            long n = batches++;
            pending = templates.get((int) (n % templates.size())).stamp(prefix, n * BATCH);
            sent.addAndGet(BATCH);
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(capture.get())
                            .header("Authorization", "Bearer " + writeKey).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(pending))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 == 2) {
                BatchAnswer answer = BatchAnswer.of(response.body());
                acknowledged.addAll(answer.accepted());
                acknowledged.addAll(answer.duplicates());
                duplicates.addAndGet(answer.duplicates().size());
                rejected.addAndGet(answer.rejected());
                pending = null;
            }
            else {
                retries.incrementAndGet();
            }
        }
        catch (Exception ex) {
            // no answer (ingestion restarting, say): the same batch goes again
            retries.incrementAndGet();
        }
    }

    /** MessageIds ingestion acknowledged so far. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Events generated so far, each counted once however often its batch was sent. */
    long sent() {
        return sent.get();
    }

    /** Events ingestion answered as duplicates of one stored before (the generator's re-sends, and retries). */
    long duplicates() {
        return duplicates.get();
    }

    /** Events ingestion rejected as malformed (the generator's 1 %). */
    long rejected() {
        return rejected.get();
    }

    /** Batches sent again after a failed or missing answer. */
    long retries() {
        return retries.get();
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
