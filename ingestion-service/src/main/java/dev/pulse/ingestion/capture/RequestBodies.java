package dev.pulse.ingestion.capture;

import dev.pulse.support.web.HttpLimitsProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a request body within the size and time limits, gunzipping {@code Content-Encoding: gzip}. The size limit
 * holds while reading, for the wire bytes and again for the decompressed bytes, so neither a huge body nor a gzip
 * bomb is ever held in memory; the time limits ({@code pulse.http.read-timeout} between chunks,
 * {@code pulse.http.request-timeout} for the whole body) answer 408 to a body that stalls or trickles in.
 */
@Component
class RequestBodies {

    private final int limit;
    private final HttpLimitsProperties time;

    RequestBodies(CaptureProperties properties, HttpLimitsProperties time) {
        this.limit = (int) properties.maxRequestSize().toBytes();
        this.time = time;
    }

    Mono<byte[]> read(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = "gzip".equalsIgnoreCase(encoding);
        if (encoding != null && !gzip && !"identity".equalsIgnoreCase(encoding)) {
            return Mono.error(new RequestRejectedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_encoding",
                    "Content-Encoding '" + encoding + "' is not supported; send gzip or nothing"));
        }
        if (headers.getContentLength() > limit) {
            return Mono.error(tooLarge());
        }
        Flux<DataBuffer> chunks = request.getBody()
                .transform(Timeouts.eachWithin(time.readTimeout(), "request body chunks"));
        return DataBufferUtils.join(chunks, limit)
                .transform(Timeouts.within(time.requestTimeout(), "request body"))
                .onErrorMap(DataBufferLimitException.class, ex -> tooLarge())
                .onErrorMap(TimeoutException.class, ex -> new RequestRejectedException(HttpStatus.REQUEST_TIMEOUT,
                        "request_timeout", "the body did not arrive in time: a pause of at most " + time.readTimeout()
                                .toSeconds() + " s, all of it within " + time.requestTimeout().toSeconds() + " s"))
                .map(RequestBodies::drain)
                .map(bytes -> gzip ? gunzip(bytes) : bytes)
                .defaultIfEmpty(new byte[0]);
    }

    private byte[] gunzip(byte[] compressed) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw tooLarge();
            }
            return bytes;
        }
        catch (IOException ex) {
            throw new RequestRejectedException(HttpStatus.BAD_REQUEST, "malformed_gzip",
                    "the gzip body is truncated or corrupt: " + ex.getMessage());
        }
    }

    private RequestRejectedException tooLarge() {
        return new RequestRejectedException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large",
                "the body exceeds " + limit + " bytes (counted after decompression)");
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }
}
