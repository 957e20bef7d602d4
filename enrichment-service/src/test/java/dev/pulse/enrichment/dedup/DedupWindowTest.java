package dev.pulse.enrichment.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Enrichment's dedup window is the deployment's one setting, {@code PULSE_DEDUP_WINDOW}, which ingestion reads too
 * (the Helm chart's {@code redis.dedupWindow}): the two services remember a messageId for the same time.
 */
class DedupWindowTest {

    @Test
    void theDeploymentsWindowSetsEnrichmentsAndADayIsTheDefault() throws IOException {
        assertThat(bound(Map.of()).window()).isEqualTo(Duration.ofHours(24));
        assertThat(bound(Map.of("PULSE_DEDUP_WINDOW", "2h")).window()).isEqualTo(Duration.ofHours(2));
    }

    /** {@code pulse.dedup} as the service's application.yaml (its document for every profile) binds it. */
    private static DedupProperties bound(Map<String, Object> given) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("given", given));
        environment.getPropertySources().addLast(new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")).getFirst());
        return Binder.get(environment).bind("pulse.dedup", DedupProperties.class).get();
    }
}
