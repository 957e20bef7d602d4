package dev.pulse.enrichment.replay;

import dev.pulse.model.DeadLetter;
import dev.pulse.model.EventCodec;
import dev.pulse.model.EventFormatException;
import dev.pulse.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes selected dead letters' original payloads to {@link Topics#RAW} again, with their original keys, after
 * a fix (a corrected tracking plan, a fixed enricher). It reads {@link Topics#DEAD_LETTER} (committed records only)
 * up to its end as of the start of the request. Replaying creates no duplicates downstream: a dead-lettered event
 * gave up its messageId, so the first replayed copy is enriched, and any later copy (the same dead letter replayed
 * twice) is recognised by enrichment as a duplicate of it.
 */
@Component
class DeadLetterReplay {

    private static final Duration POLL = Duration.ofMillis(500);

    private final DefaultKafkaConsumerFactory<String, byte[]> consumers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;

    DeadLetterReplay(KafkaProperties kafkaProperties, KafkaTemplate<String, byte[]> kafka, EventCodec codec) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumers = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.kafka = kafka;
        this.codec = codec;
    }

    /**
     * What a replay did.
     *
     * @param scanned dead letters read
     * @param replayed dead letters published again
     */
    record Outcome(long scanned, long replayed) {
    }

    Outcome replay(ReplayRequest request) {
        try (Consumer<String, byte[]> consumer = consumers.createConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTER).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            seekToStart(consumer, partitions, request);
            long scanned = 0;
            List<ProducerRecord<String, byte[]>> replays = new ArrayList<>();
            while (!reachedEnd(consumer, end) && replays.size() < request.limitOrDefault()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    scanned++;
                    DeadLetter deadLetter = decode(record);
                    if (deadLetter != null && selected(deadLetter, request) && replays.size() < request.limitOrDefault()) {
                        replays.add(new ProducerRecord<>(Topics.RAW, record.key(),
                                deadLetter.payload().getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            if (!replays.isEmpty()) {
                kafka.executeInTransaction(operations -> {
                    replays.forEach(operations::send);
                    return null;
                });
            }
            return new Outcome(scanned, replays.size());
        }
    }

    private static void seekToStart(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
            ReplayRequest request) {
        if (request.from() == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, request.from().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
    }

    private static boolean reachedEnd(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
    }

    private DeadLetter decode(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decodeDeadLetter(record.value());
        }
        catch (EventFormatException ex) {
            return null;
        }
    }

    private static boolean selected(DeadLetter deadLetter, ReplayRequest request) {
        return request.tenant().equals(deadLetter.tenant())
                && deadLetter.payload() != null
                && (request.reasons() == null || request.reasons().isEmpty() || request.reasons().contains(deadLetter.reason()))
                && (request.messageIds() == null || request.messageIds().isEmpty()
                        || request.messageIds().contains(deadLetter.messageId()))
                && (request.from() == null || deadLetter.failedAt() == null || !deadLetter.failedAt().isBefore(request.from()))
                && (request.to() == null || deadLetter.failedAt() == null || deadLetter.failedAt().isBefore(request.to()));
    }
}
