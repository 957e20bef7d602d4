package dev.pulse.enrichment.plan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * Tracking plans: per tenant, a JSON Schema for the {@code properties} of each event name it wants checked.
 *
 * @param trackingPlans plans by tenant id; a tenant without one is not checked
 */
@Validated
@ConfigurationProperties("pulse")
public record TrackingPlanProperties(@NotNull @DefaultValue Map<String, @Valid Plan> trackingPlans) {

    /** What happens to an event that breaks its schema. */
    public enum Policy {
        /** it becomes a {@code schema_violation} dead letter carrying the validation messages */
        REJECT,
        /** it goes on, and the violation is counted */
        ALLOW
    }

    /**
     * One tenant's plan.
     *
     * @param policy what happens to an event that breaks its schema
     * @param schemas a JSON Schema (file or classpath resource) per event name; names with spaces are written
     *        {@code "[Signed Up]"} in YAML
     */
    public record Plan(@NotNull @DefaultValue("reject") Policy policy, @NotNull @DefaultValue Map<String, Resource> schemas) {
    }
}
