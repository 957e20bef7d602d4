package dev.pulse.support.redis;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts kept as files on the classpath, read once. {@code RedisScript.of(Resource)} asks its resource for its
 * last-modified time on every call, under a lock, to reload an edited script; inside a service's jar that opens a
 * connection to the nested jar each time, on every hot-path batch and every query.
 */
public final class RedisScripts {

    private RedisScripts() {
    }

    /**
     * The script at {@code path} on the classpath, read now, returning {@code resultType}.
     *
     * @throws IllegalStateException when there is no such resource
     */
    public static <T> RedisScript<T> load(String path, Class<T> resultType) {
        ClassPathResource resource = new ClassPathResource(path);
        try (InputStream in = resource.getInputStream()) {
            return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), resultType);
        }
        catch (FileNotFoundException ex) {
            throw new IllegalStateException("no Redis script at classpath:" + path, ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not read the Redis script at classpath:" + path, ex);
        }
    }
}
