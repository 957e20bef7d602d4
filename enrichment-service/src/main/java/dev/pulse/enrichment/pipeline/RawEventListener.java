package dev.pulse.enrichment.pipeline;

import dev.pulse.model.Topics;
import dev.pulse.support.tracing.KafkaTracing;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link Topics#RAW} in batches. The container runs each batch in a Kafka transaction: the outputs and the
 * consumed offsets commit together or not at all, so a crash re-delivers the batch and no output is doubled; a
 * failure (Redis or Kafka unreachable) rolls the batch back and retries it with backoff, never skipping it.
 */
@Component
class RawEventListener {

    private final Enrichment enrichment;
    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaTracing tracing;
    private final EnrichmentMetrics metrics;

    RawEventListener(Enrichment enrichment, KafkaTemplate<String, byte[]> kafka, KafkaTracing tracing,
            EnrichmentMetrics metrics) {
        this.metrics = metrics;
        this.enrichment = enrichment;
        this.kafka = kafka;
        this.tracing = tracing;
    }

    @KafkaListener(id = "enrichment", groupId = "pulse-enrichment", topics = Topics.RAW)
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        tracing.inBatch("enrichment", records, trace -> {
            long started = System.nanoTime();
            enrichment.process(records, trace).forEach(kafka::send);
            metrics.batch(records.size(), System.nanoTime() - started);
        });
    }
}
