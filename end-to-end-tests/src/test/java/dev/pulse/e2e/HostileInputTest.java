package dev.pulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.stack.PulseServices;
import dev.pulse.stack.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile clients against the ingestion service as it runs (its jar, Reactor Netty, real Kafka and Redis): bodies that
 * trickle in, header floods, gzip bombs, megabyte strings, control characters, wrong encodings, unicode keys. Each
 * gets a 4xx (a problem detail where there is a body to answer with) or is accepted as data — never a 5xx, never a
 * hang — and after each the service is healthy and accepts the next honest event.
 */
class HostileInputTest {

    private static final String WRITE_KEY = "hostile-" + UUID.randomUUID();
    private static final String SERVICE = "ingestion-service";
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static PulseServices services;

    @BeforeAll
    static void startIngestion() {
        services = new PulseServices(TestEngines.get(), Path.of("target", "services"));
        services.start(List.of(SERVICE), List.of("-Xmx256m"), Map.of(
                "pulse.tenants.hostile.write-key", WRITE_KEY,
                "pulse.http.read-timeout", "2s",
                "pulse.http.request-timeout", "4s",
                "pulse.http.idle-timeout", "3s"));
    }

    @AfterAll
    static void stopIngestion() {
        if (services != null) {
            services.stop();
        }
    }

    @AfterEach
    void stillHealthyAndAcceptingHonestEvents() throws Exception {
        assertThat(HTTP.send(HttpRequest.newBuilder(services.management(SERVICE, "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"status\":\"UP\"");
        assertThat(post("/v1/track", "application/json", null,
                "{\"event\":\"Honest\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    }

    @Test
    void bodiesThatStallOrTrickleAreCutOffWhileOthersAreServed() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket socket = open();
            socket.getOutputStream().write(head("/v1/track", "application/json", 1_000).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write('{');
            stalled.add(socket);
        }
        Socket trickling = open();
        OutputStream trickle = trickling.getOutputStream();
        trickle.write(head("/v1/track", "application/json", 1_000).getBytes(StandardCharsets.US_ASCII));
        // one byte every 500 ms: never quiet long enough for the read timeout, cut off by the request timeout
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> {
            try {
                trickle.write(' ');
            }
            catch (IOException closed) {
                pacer.shutdown();
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        try {
            // the slow clients hold connections, not the server: an honest request is answered meanwhile
            assertThat(post("/v1/track", "application/json", null,
                    "{\"event\":\"Meanwhile\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8)).statusCode())
                    .isEqualTo(200);
            long started = System.nanoTime();
            for (Socket socket : stalled) {
                assertThat(answer(socket)).as("a stalled body").satisfiesAnyOf(
                        text -> assertThat(text).isEmpty(), HostileInputTest::isRequestTimeoutProblem);
            }
            assertThat(answer(trickling)).as("a trickling body").satisfiesAnyOf(
                    text -> assertThat(text).isEmpty(), HostileInputTest::isRequestTimeoutProblem);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        }
        finally {
            pacer.shutdownNow();
            for (Socket socket : stalled) {
                socket.close();
            }
            trickling.close();
        }
    }

    /** The capture contract's catalogue of bad input (the slice tests hold the same), sent to the running jar. */
    static Stream<Arguments> catalogue() throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("{\"event\":\"Cut\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] truncatedGzip = Arrays.copyOf(gzipped.toByteArray(), gzipped.size() / 2);
        String tenThousand = "{\"batch\":[" + String.join(",", Collections.nCopies(10_001,
                "{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}")) + "]}";
        return Stream.of(
                Arguments.of("malformed JSON", "/v1/track", null, "{\"event\":", 400),
                Arguments.of("truncated JSON", "/v1/batch", null,
                        "{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}", 400),
                Arguments.of("truncated gzip", "/v1/track", truncatedGzip, null, 400),
                Arguments.of("a 10 MB body", "/v1/track", null,
                        "{\"event\":\"Big\",\"userId\":\"u\",\"p\":\"" + "x".repeat(10 << 20) + "\"}", 413),
                Arguments.of("1,000-level nesting", "/v1/track", null,
                        "{\"event\":\"Deep\",\"userId\":\"u\",\"properties\":" + "{\"a\":".repeat(1_000) + "1"
                                + "}".repeat(1_000) + "}", 400),
                Arguments.of("wrong field types", "/v1/track", null,
                        "{\"event\":[\"E\"],\"userId\":{\"id\":1},\"timestamp\":true}", 400),
                Arguments.of("nulls", "/v1/track", null,
                        "{\"event\":null,\"userId\":null,\"properties\":null}", 400),
                Arguments.of("an empty batch", "/v1/batch", null, "{\"batch\":[]}", 400),
                Arguments.of("a batch of 10,001 events", "/v1/batch", null, tenThousand,
                        413));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void theCatalogueOfBadInputGetsItsProblem(String what, String path, byte[] gzip, String body, int status)
            throws Exception {
        HttpResponse<String> answer = gzip != null ? post(path, "application/json", "gzip", gzip)
                : post(path, "application/json", null, body.getBytes(StandardCharsets.UTF_8));
        assertProblem(answer, status);
    }

    @Test
    void theTimeLimitsOfRequestsDoNotCutAQuietWebSocket() throws Exception {
        BlockingQueue<String> acks = new LinkedBlockingQueue<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(
                URI.create(services.http(SERVICE, "/v1/stream?writeKey=" + WRITE_KEY).toString().replace("http:", "ws:")),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket,
                            CharSequence data, boolean last) {
                        acks.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText("{\"type\":\"track\",\"event\":\"Streamed\",\"userId\":\"u\"}", true).get();
            assertThat(acks.poll(10, TimeUnit.SECONDS)).contains("\"status\":200");
            // quiet for longer than every time limit (2, 4 and 3 s here): a WebSocket is no slow request
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> !socket.isInputClosed());
            socket.sendText("{\"type\":\"track\",\"event\":\"Streamed later\",\"userId\":\"u\"}", true).get();
            assertThat(acks.poll(10, TimeUnit.SECONDS)).contains("\"status\":200");
        }
        finally {
            socket.abort();
        }
    }

    @Test
    void headerFloodsAreRefused() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            many.append("X-Flood-").append(i).append(": ").append("a".repeat(100)).append("\r\n");
        }
        String oneHuge = "X-Huge: " + "a".repeat(64 * 1024) + "\r\n";
        for (String headers : List.of(many.toString(), oneHuge)) {
            try (Socket socket = open()) {
                socket.getOutputStream().write(("POST /v1/track HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + WRITE_KEY + "\r\n" + headers + "Content-Type: application/json\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                assertThat(answer(socket)).matches("(?s)HTTP/1.1 4\\d\\d .*");
            }
        }
    }

    @Test
    void aGzipBombIsRefusedWithoutInflatingIt() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            gzip.write("{\"event\":\"Bomb\",\"userId\":\"u\",\"properties\":{\"x\":\"".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 200; i++) {
                gzip.write(zeros);
            }
        }
        HttpResponse<String> answer = post("/v1/track", "application/json", "gzip", bomb.toByteArray());
        assertThat(bomb.size()).isLessThan(1 << 20);
        assertProblem(answer, 413);
    }

    @Test
    void megabyteStringsAreRefusedAsTooLargeWithoutHarmingTheirBatch() throws Exception {
        String megabyte = "x".repeat(1 << 20);
        assertProblem(post("/v1/track", "application/json", null, ("{\"event\":\"Big\",\"userId\":\"u\",\"properties\":{\"s\":\""
                + megabyte + "\"}}").getBytes(StandardCharsets.UTF_8)), 413);
        String large = "y".repeat(100_000);
        HttpResponse<String> batch = post("/v1/batch", "application/json", null, ("{\"batch\":["
                + "{\"type\":\"track\",\"event\":\"Big\",\"userId\":\"u\",\"properties\":{\"s\":\"" + large + "\"}},"
                + "{\"type\":\"track\",\"event\":\"Small\",\"userId\":\"u\"}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body()).contains("\"code\":\"event_too_large\"").contains("\"index\":1");
    }

    @Test
    void controlCharactersAreDataWhenEscapedAndMalformedWhenRaw() throws Exception {
        HttpResponse<String> escaped = post("/v1/track", "application/json", null, """
                {"event":"Ctl \\u0000\\u0007\\u001b[31m\\u2028","userId":"u\\u0000","properties":{"k\\u0001":"v\\b"}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(escaped.statusCode()).as(escaped.body()).isEqualTo(200);
        byte[] raw = "{\"event\":\"Ctl \u0001\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8);
        assertProblem(post("/v1/track", "application/json", null, raw), 400);
    }

    @Test
    void unicodeInKeysAndNamesIsAccepted() throws Exception {
        HttpResponse<String> answer = post("/v1/track", "application/json", null, """
                {"event":"Заказ оформлен 🎉","userId":"ユーザー","properties":{"名前":"値","😀":1,"ключ":"x","مفتاح":true}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void wrongEncodingsAndContentTypesAreRefused() throws Exception {
        String event = "{\"event\":\"Café\",\"userId\":\"u\"}";
        // UTF-16 is the one other encoding JSON parsers detect by its bytes: read as the same text, not refused
        assertThat(post("/v1/track", "application/json", null, event.getBytes(StandardCharsets.UTF_16)).statusCode())
                .isEqualTo(200);
        assertProblem(post("/v1/track", "application/json", null, event.getBytes(StandardCharsets.ISO_8859_1)), 400);
        assertThat(post("/v1/track", "text/plain", null, event.getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(415);
        assertProblem(post("/v1/track", "application/json", "br", event.getBytes(StandardCharsets.UTF_8)), 415);
    }

    private static void isRequestTimeoutProblem(String answer) {
        assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"request_timeout\"");
    }

    private static void assertProblem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static HttpResponse<String> post(String path, String contentType, String encoding, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(services.http(SERVICE, path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Socket open() throws IOException {
        URI uri = services.http(SERVICE, "/");
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String head(String path, String contentType, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + WRITE_KEY
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    /**
     * The server's answer on a raw connection: one whole response (headers and as much body as they announce), or
     * what came before the server closed or reset the connection (empty when it closed it without a word).
     */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                read.write(buffer, 0, n);
                String text = read.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
                    int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
                    if (read.size() >= end + 4 + body) {
                        break;
                    }
                }
            }
        }
        catch (SocketException reset) {
            // the server reset the connection: as good as closing it
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
