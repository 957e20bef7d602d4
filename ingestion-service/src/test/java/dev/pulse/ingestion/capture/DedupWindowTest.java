package dev.pulse.ingestion.capture;

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
 * Ingestion's dedup window is the deployment's one setting, {@code PULSE_DEDUP_WINDOW}, which enrichment reads too
 * (the Helm chart's {@code redis.dedupWindow}): the two services remember a messageId for the same time.
 */
class DedupWindowTest {

    @Test
    void theDeploymentsWindowSetsIngestionsAndADayIsTheDefault() throws IOException {
        assertThat(bound(Map.of()).dedupWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(bound(Map.of("PULSE_DEDUP_WINDOW", "2h")).dedupWindow()).isEqualTo(Duration.ofHours(2));
    }

    /** {@code pulse.capture} as the service's application.yaml (its document for every profile) binds it. */
    private static CaptureProperties bound(Map<String, Object> given) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("given", given));
        environment.getPropertySources().addLast(new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")).getFirst());
        return Binder.get(environment).bind("pulse.capture", CaptureProperties.class).get();
    }
}
