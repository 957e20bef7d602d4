package dev.pulse.ingestion.capture;

import static org.awaitility.Awaitility.await;

import dev.pulse.model.Topics;
import dev.pulse.stack.TestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@link Topics#RAW} of the test engines from the moment it was opened, keeping what it read. */
final class RawTopic implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();

    private RawTopic() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEngines.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "raw-topic-reader-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** A reader starting at the current end of the topic. */
    static RawTopic fromNow() {
        return new RawTopic();
    }

    /** The first record carrying {@code messageId}, waiting up to 20 s for it. */
    synchronized ConsumerRecord<String, byte[]> awaitRecord(String messageId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            return read.stream().filter(r -> carries(r, messageId)).findFirst().orElse(null);
        }, record -> record != null);
    }

    /** Every record carrying one of {@code messageIds}, after reading on for {@code span}. */
    synchronized List<ConsumerRecord<String, byte[]>> recordsWith(List<String> messageIds, Duration span) {
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        }
        return read.stream().filter(r -> messageIds.stream().anyMatch(id -> carries(r, id))).toList();
    }

    private static boolean carries(ConsumerRecord<String, byte[]> record, String messageId) {
        return new String(record.value(), StandardCharsets.UTF_8).contains(messageId);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
