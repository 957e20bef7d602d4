package dev.pulse.ingestion.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads a request body within the size limit, gunzipping {@code Content-Encoding: gzip}. The limit holds while
 * reading, for the wire bytes and again for the decompressed bytes, so neither a huge body nor a gzip bomb is ever
 * held in memory.
 */
@Component
class RequestBodies {

    private final int limit;

    RequestBodies(CaptureProperties properties) {
        this.limit = (int) properties.maxRequestSize().toBytes();
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
        return DataBufferUtils.join(request.getBody(), limit)
                .onErrorMap(DataBufferLimitException.class, ex -> tooLarge())
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
