package dev.pulse.ingestion.capture;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Bytes of events waiting for Kafka's acknowledgement. Bounded below the producer's buffer, so a slow Kafka turns
 * into fast 503s instead of blocked threads or a full heap.
 */
@Component
class InFlightBytes {

    private final long limit;
    private final AtomicLong inFlight = new AtomicLong();

    InFlightBytes(CaptureProperties properties) {
        this.limit = properties.maxInFlight().toBytes();
    }

    boolean tryAcquire(long bytes) {
        long current;
        do {
            current = inFlight.get();
            // a request larger than the whole budget still passes when nothing else is in flight
            if (current > 0 && current + bytes > limit) {
                return false;
            }
        }
        while (!inFlight.compareAndSet(current, current + bytes));
        return true;
    }

    void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    long current() {
        return inFlight.get();
    }
}
