package dev.pulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @Test
    void testEnginesAnswerAndCarryThePulseTopics() throws Exception {
        LocalStack stack = TestEngines.get();

        assertThat(stack.status()).allSatisfy(engine -> {
            assertThat(engine.answers()).as(engine.name()).isTrue();
            assertThat(engine.pid()).as(engine.name()).isPresent();
        });
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            assertThat(admin.describeTopics(Topics.ALL).allTopicNames().get())
                    .allSatisfy((name, topic) -> assertThat(topic.partitions()).hasSize(3));
        }
    }

    @Test
    void upTwiceKeepsTheRunningEngines() {
        LocalStack stack = TestEngines.get();
        var before = stack.status().stream().map(LocalStack.EngineStatus::pid).toList();

        stack.up();

        assertThat(stack.status().stream().map(LocalStack.EngineStatus::pid).toList()).isEqualTo(before);
    }

    @Test
    void aRunWhoseJvmDiedIsCleanedUpByTheNextRun(@TempDir Path runs) throws Exception {
        Path orphan = runs.resolve("run-orphan");
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor();
        new PidFile(orphan.resolve("owner.pid")).write(deadOwner.toHandle());
        LocalStack orphaned = new LocalStack(StackSettings.onFreePorts(orphan, 1));
        orphaned.start("redis");
        long redisPid = orphaned.status().stream().filter(s -> s.name().equals("redis")).findFirst()
                .flatMap(LocalStack.EngineStatus::pid).orElseThrow();

        TestEngines.cleanStaleRuns(runs);

        assertThat(ProcessHandle.of(redisPid).filter(ProcessHandle::isAlive)).isEqualTo(Optional.empty());
        assertThat(Files.exists(orphan)).isFalse();
    }

    @Test
    void aRunWhoseJvmIsAliveIsLeftAlone(@TempDir Path runs) throws Exception {
        Path live = runs.resolve("run-live");
        new PidFile(live.resolve("owner.pid")).write(ProcessHandle.current());

        TestEngines.cleanStaleRuns(runs);

        assertThat(Files.exists(live.resolve("owner.pid"))).isTrue();
    }
}
