package dev.pulse.support.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import reactor.core.publisher.Mono;

/**
 * Kafka's reachability in the health details. It is not part of the readiness group: a Kafka outage hits every pod
 * alike, and a pod that answers 503 with Retry-After serves clients better than one taken out of the load balancer.
 */
public class KafkaHealthIndicator implements ReactiveHealthIndicator, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;

    public KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    @Override
    public Mono<Health> health() {
        DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        return Mono.fromFuture(cluster.nodes().toCompletionStage().toCompletableFuture())
                .map(nodes -> Health.up().withDetail("brokers", nodes.size()).build())
                .timeout(TIMEOUT.plusMillis(500))
                .onErrorResume(ex -> Mono.just(Health.down(ex).build()));
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}
