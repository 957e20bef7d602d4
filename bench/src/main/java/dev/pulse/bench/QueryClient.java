package dev.pulse.bench;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The query benchmarks' HTTP client: GETs with a tenant's read key, as many in flight as the open-loop driver sends,
 * each given up after 10 s.
 */
final class QueryClient implements AutoCloseable {

    // connections idle for longer than the services' 60 s idle limit are not reused: the service may be closing
    // one just as a query is sent on it
    private final ConnectionProvider pool = ConnectionProvider.builder("query-bench").maxConnections(64)
            .maxIdleTime(Duration.ofSeconds(30)).pendingAcquireMaxCount(-1).build();
    private final HttpClient client;

    QueryClient(String readKey) {
        this.client = HttpClient.create(pool).headers(headers -> headers.set("Authorization", "Bearer " + readKey));
    }

    /** A status and body; status -1 when no answer came. */
    record Answer(int status, String body) {
    }

    CompletableFuture<Answer> get(URI uri) {
        return client.get().uri(uri.toString())
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(body -> new Answer(response.status().code(), body)))
                .timeout(Duration.ofSeconds(10))
                .onErrorResume(ex -> Mono.just(new Answer(-1, ex.toString())))
                .toFuture();
    }

    /**
     * A query due at {@code due} ({@link System#nanoTime()}, the open loop's schedule): an answer 200 records its
     * latency from then into {@code latency}.
     */
    CompletableFuture<Answer> get(URI uri, long due, Histogram latency) {
        return get(uri).thenApply(answer -> {
            if (answer.status() == 200) {
                synchronized (latency) {
                    latency.recordValue(Math.min(System.nanoTime() - due, latency.getHighestTrackableValue()));
                }
            }
            return answer;
        });
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
    }
}
