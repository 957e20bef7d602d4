package dev.pulse.bench;

import dev.pulse.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** What the benchmarks ask the broker: topics to create, and how far a consumer group has committed. */
final class KafkaProgress {

    private KafkaProgress() {
    }

    /** Time from the group's first committed offset on {@code topic} to {@code events} committed, polled every 50 ms. */
    static Duration awaitCommitted(LocalStack stack, String group, String topic, long events) {
        return awaitCommitted(stack, group, topic, 1, events);
    }

    /**
     * Time from the group having committed {@code from} records of {@code topic} to {@code events} committed, polled
     * every 50 ms: with a warm-up of {@code from} records, the time of the rest alone.
     */
    static Duration awaitCommitted(LocalStack stack, String group, String topic, long from, long events) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            long start = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline) {
                long committed = committed(admin, group, topic);
                if (committed >= from && start == 0) {
                    start = System.nanoTime();
                }
                if (committed >= events) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling the broker for the group's progress
            }
            throw new IllegalStateException(group + " did not commit all " + events + " events within 10 minutes");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Waits until each group has committed {@code events} records of {@code topic}; returns, per group, the
     * {@link System#nanoTime()} at which it was seen done (polled every 50 ms).
     */
    static Map<String, Long> awaitAllCommitted(LocalStack stack, String topic, long events, List<String> groups) {
        Map<String, Long> done = new java.util.HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (done.size() < groups.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every group of " + groups + " committed " + events
                            + " events within 10 minutes; done: " + done.keySet());
                }
                for (String group : groups) {
                    if (!done.containsKey(group) && committed(admin, group, topic) >= events) {
                        done.put(group, System.nanoTime());
                    }
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling the broker for the groups' progress
            }
            return done;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The sum of the group's committed offsets on {@code topic}. */
    static long committed(Admin admin, String group, String topic) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset()).sum();
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static void createTopic(LocalStack stack, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, stack.settings().partitions(), (short) 1))).all().get();
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
