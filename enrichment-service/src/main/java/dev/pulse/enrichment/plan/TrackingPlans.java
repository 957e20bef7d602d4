package dev.pulse.enrichment.plan;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pulse.enrichment.plan.TrackingPlanProperties.Policy;
import dev.pulse.model.EventCodec;
import dev.pulse.model.RawEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks events against their tenant's tracking plan (JSON Schema, draft 2020-12 unless a schema names another, by
 * networknt's validator). Schemas are loaded and compiled once at start-up; a schema that does not load stops the
 * start, rather than letting events through unchecked.
 */
@Component
public class TrackingPlans {

    private final Map<String, Map<String, Schema>> schemasByTenant = new HashMap<>();
    private final Map<String, Policy> policies = new HashMap<>();
    private final JsonMapper json;
    private final MeterRegistry meters;

    public TrackingPlans(TrackingPlanProperties properties, EventCodec codec, MeterRegistry meters) {
        this.json = codec.mapper();
        this.meters = meters;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        properties.trackingPlans().forEach((tenant, plan) -> {
            policies.put(tenant, plan.policy());
            Map<String, Schema> schemas = new HashMap<>();
            plan.schemas().forEach((event, resource) -> {
                try (InputStream in = resource.getInputStream()) {
                    schemas.put(event, registry.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            InputFormat.JSON));
                }
                catch (IOException ex) {
                    throw new UncheckedIOException("the tracking plan schema of '" + event + "' for tenant " + tenant
                            + " could not be read from " + resource, ex);
                }
            });
            schemasByTenant.put(tenant, schemas);
        });
    }

    /**
     * The verdict on an event: its violations (empty when it follows its schema or has none) and whether they
     * reject it.
     *
     * @param violations one message per violation, naming where in {@code properties} it is
     * @param rejected whether the event must become a {@code schema_violation} dead letter
     */
    public record Verdict(List<String> violations, boolean rejected) {

        static final Verdict FOLLOWS = new Verdict(List.of(), false);
    }

    public Verdict check(RawEvent event) {
        Map<String, Schema> schemas = schemasByTenant.get(event.tenant());
        String name = event.countedName();
        Schema schema = schemas == null || name == null ? null : schemas.get(name);
        if (schema == null) {
            return Verdict.FOLLOWS;
        }
        JsonNode properties = json.valueToTree(event.properties() == null ? Map.of() : event.properties());
        List<String> violations = schema.validate(properties).stream().map(error -> error.toString()).toList();
        if (violations.isEmpty()) {
            return Verdict.FOLLOWS;
        }
        Policy policy = policies.get(event.tenant());
        meters.counter("pulse.enrichment.schema.violations", "tenant", event.tenant(),
                "policy", policy.name().toLowerCase(Locale.ROOT)).increment();
        return new Verdict(violations, policy == Policy.REJECT);
    }
}
