package dev.pulse.support.kafka;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which build of lz4-java compresses and decompresses Kafka's record batches (the services' topics are lz4).
 * <p>
 * Kafka asks lz4-java's {@code LZ4Factory.fastestInstance()} and {@code XXHashFactory.fastestInstance()} for every
 * batch. They answer the JNI build only once its library is loaded, or when lz4-java itself was loaded by the system
 * class loader; inside a Spring Boot executable jar it is not, so every batch went through the pure-Java build.
 * {@link #load()} loads the JNI build once at start-up, after which both factories answer it. Where it cannot load
 * (a platform lz4-java ships no library for), the Java build stays in use and the log says so.
 *
 * @param jni whether the JNI build is in use
 */
public record NativeLz4(boolean jni) {

    private static final Logger log = LoggerFactory.getLogger(NativeLz4.class);

    static NativeLz4 load() {
        try {
            LZ4Factory.nativeInstance();
            XXHashFactory.nativeInstance();
        }
        catch (RuntimeException | LinkageError ex) {
            log.warn("lz4-java's native library did not load ({}); Kafka batches are compressed by its Java build",
                    ex.toString());
            return new NativeLz4(false);
        }
        boolean jni = LZ4Factory.fastestInstance() == LZ4Factory.nativeInstance();
        NativeLz4 lz4 = new NativeLz4(jni);
        log.info("Kafka batches are compressed by lz4-java's {} build", lz4.build());
        return lz4;
    }

    /** The build in use: {@code native} or {@code java}. */
    public String build() {
        return jni ? "native" : "java";
    }
}
