package dev.pulse.support.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end latency, {@code pulse.pipeline.latency{stage}}: from the moment ingestion received an event
 * ({@code receivedAt}) to the moment a stage finished with it — {@code stored} (ClickHouse acknowledged the insert)
 * or {@code counted} (the Redis hot path applied it). A histogram, so percentiles aggregate across pods.
 */
public final class PipelineLatency {

    private final Timer timer;

    public PipelineLatency(MeterRegistry registry, String stage) {
        this.timer = Timer.builder("pulse.pipeline.latency")
                .description("time from an event's acceptance by ingestion to the end of this stage")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    /** Records the latency of events received at {@code receivedAtMillis} (epoch millis; 0 = unknown, skipped). */
    public void record(long[] receivedAtMillis, int count, long nowMillis) {
        for (int i = 0; i < count; i++) {
            if (receivedAtMillis[i] > 0) {
                timer.record(Math.max(0, nowMillis - receivedAtMillis[i]), TimeUnit.MILLISECONDS);
            }
        }
    }
}
