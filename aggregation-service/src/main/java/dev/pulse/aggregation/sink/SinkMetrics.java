package dev.pulse.aggregation.sink;

import dev.pulse.support.metrics.PipelineLatency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The sink's batches: rows stored ({@code pulse.sink.rows}), rows per batch ({@code pulse.sink.batch.rows}),
 * ClickHouse insert latency ({@code pulse.sink.insert}) and end-to-end latency to stored
 * ({@code pulse.pipeline.latency{stage="stored"}}).
 */
@Component
class SinkMetrics {

    private final Clock clock;
    private final Counter rows;
    private final DistributionSummary batchRows;
    private final Timer insert;
    private final PipelineLatency latency;

    SinkMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.rows = Counter.builder("pulse.sink.rows").description("event rows stored in ClickHouse")
                .baseUnit("rows").register(registry);
        this.batchRows = DistributionSummary.builder("pulse.sink.batch.rows").description("event rows per insert")
                .baseUnit("rows").register(registry);
        this.insert = Timer.builder("pulse.sink.insert").description("one batch's inserts, until ClickHouse acknowledged")
                .publishPercentileHistogram().register(registry);
        this.latency = new PipelineLatency(registry, "stored");
    }

    void stored(long[] receivedAtMillis, int count, long insertNanos) {
        rows.increment(count);
        batchRows.record(count);
        insert.record(insertNanos, TimeUnit.NANOSECONDS);
        latency.record(receivedAtMillis, count, clock.millis());
    }
}
