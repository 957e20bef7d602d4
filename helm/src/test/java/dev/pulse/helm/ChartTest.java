package dev.pulse.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart in {@code pulse/}: strict lint, rendering with defaults and with every feature on, and its schema. */
class ChartTest {

    private static final Path CHART = Path.of("pulse");
    private static final Path ALL_FEATURES = Path.of("src/test/resources/all-features.yaml");
    private static final List<String> SERVICES = List.of("ingestion", "enrichment", "aggregation");
    private static final YAMLMapper yaml = new YAMLMapper();
    private static final ObjectMapper json = JsonMapper.builder().build();

    @Test
    void passesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[WARNING]"));
    }

    @Test
    void rendersEachServiceWithProbesSecurityResourcesAndLabels() {
        Manifests manifests = render(UnaryOperator.identity());

        for (String service : SERVICES) {
            JsonNode deployment = manifests.one("Deployment", "pulse-" + service);
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");

            assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1component").asString()).isEqualTo(service);
            assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1part-of").asString()).isEqualTo("pulse");
            assertThat(deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asString())
                    .isEqualTo(service);
            assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
            assertThat(deployment.at("/spec/replicas").isMissingNode()).as("the autoscaler owns replicas").isTrue();

            assertThat(container.at("/image").asString()).isEqualTo("ghcr.io/pulse-analytics/" + service
                    + "-service:0.1.0");
            assertThat(container.at("/startupProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
            assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
            assertThat(container.at("/readinessProbe/httpGet/path").asString())
                    .isEqualTo("/actuator/health/readiness");
            assertThat(container.at("/readinessProbe/httpGet/port").asString()).isEqualTo("management");
            assertThat(container.at("/lifecycle/preStop/sleep/seconds").asInt()).isPositive();
            assertThat(pod.at("/terminationGracePeriodSeconds").asInt())
                    .isGreaterThan(container.at("/lifecycle/preStop/sleep/seconds").asInt() + 30);

            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(container.at("/securityContext/capabilities/drop/0").asString()).isEqualTo("ALL");
            assertThat(pod.at("/automountServiceAccountToken").asBoolean()).isFalse();
            assertThat(volumeMount(container, "/tmp")).as("a writable /tmp on a read-only root").isTrue();

            assertThat(container.at("/resources/requests/cpu").isMissingNode()).isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();
            assertThat(env(container, "JAVA_TOOL_OPTIONS")).contains("-XX:+UseZGC").contains("-XX:MaxRAMPercentage=70");
            assertThat(env(container, "SPRING_PROFILES_ACTIVE")).isEqualTo("kubernetes");
            assertThat(secretKey(container, "PULSE_ADMIN_KEY")).isEqualTo("admin-key");

            assertThat(manifests.one("Service", "pulse-" + service).at("/spec/ports").findValuesAsString("name"))
                    .containsExactly("http", "management");
            assertThat(manifests.one("HorizontalPodAutoscaler", "pulse-" + service)
                    .at("/spec/metrics/0/resource/name").asString()).isEqualTo("cpu");
            assertThat(manifests.one("PodDisruptionBudget", "pulse-" + service).at("/spec/minAvailable").asInt())
                    .isEqualTo(1);
            JsonNode config = yamlOf(manifests.one("ConfigMap", "pulse-" + service).at("/data/application.yaml"));
            assertThat(config.at("/management/server/port").asInt())
                    .isEqualTo(container.at("/ports/1/containerPort").asInt());
        }
        assertThat(secretKey(manifests.one("Deployment", "pulse-aggregation").at("/spec/template/spec/containers/0"),
                "PULSE_CLICKHOUSE_PASSWORD")).isEqualTo("clickhouse-password");
        // one dedup window for the two services that share the first-seen store
        assertThat(env(manifests.one("Deployment", "pulse-ingestion").at("/spec/template/spec/containers/0"),
                "PULSE_DEDUP_WINDOW")).isEqualTo("24h");
        assertThat(env(manifests.one("Deployment", "pulse-enrichment").at("/spec/template/spec/containers/0"),
                "PULSE_DEDUP_WINDOW")).isEqualTo("24h");
        assertThat(manifests.one("Deployment", "pulse-aggregation").at("/spec/template/spec/containers/0/env")
                .findValuesAsString("name")).doesNotContain("PULSE_DEDUP_WINDOW");
        assertThat(manifests.kinds()).doesNotContain("Ingress", "ScaledObject", "ServiceMonitor", "NetworkPolicy");
    }

    @Test
    void rendersEveryOptionalFeature() {
        Manifests manifests = render(command -> command.withValuesFile(ALL_FEATURES));

        assertThat(manifests.kinds()).contains("Ingress", "ScaledObject", "ServiceMonitor", "NetworkPolicy",
                "ConfigMap", "ServiceAccount");
        // KEDA owns the autoscaler of the services it scales; ingestion keeps its CPU autoscaler
        assertThat(manifests.named("HorizontalPodAutoscaler")).containsExactly("pulse-ingestion");
        JsonNode keda = manifests.one("ScaledObject", "pulse-enrichment");
        assertThat(keda.at("/spec/triggers/0/type").asString()).isEqualTo("kafka");
        assertThat(keda.at("/spec/triggers/0/metadata/consumerGroup").asString()).isEqualTo("pulse-enrichment");
        assertThat(keda.at("/spec/triggers/0/metadata/topic").asString()).isEqualTo("events.raw");
        assertThat(manifests.one("ScaledObject", "pulse-aggregation").at("/spec/triggers/0/metadata/topic")
                .asString()).isEqualTo("events.enriched");

        JsonNode ingress = manifests.one("Ingress", "pulse-ingestion");
        assertThat(ingress.at("/spec/rules/0/http/paths/0/backend/service/port/name").asString())
                .as("Actuator is never published").isEqualTo("http");
        assertThat(ingress.at("/spec/tls/0/secretName").asString()).isEqualTo("ingest-tls");

        JsonNode policy = manifests.one("NetworkPolicy", "pulse-aggregation");
        assertThat(policy.at("/spec/ingress/1/ports/0/port").asInt()).isEqualTo(8085);
        assertThat(policy.at("/spec/ingress/1/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                .asString()).isEqualTo("monitoring");
        assertThat(manifests.one("ServiceMonitor", "pulse").at("/spec/endpoints/0/path").asString())
                .isEqualTo("/actuator/prometheus");

        JsonNode enrichment = manifests.one("Deployment", "pulse-enrichment");
        assertThat(volumeMount(enrichment.at("/spec/template/spec/containers/0"), "/geo")).isTrue();
        assertThat(enrichment.at("/spec/template/metadata/labels/team").asString()).isEqualTo("analytics");
        assertThat(env(manifests.one("Deployment", "pulse-ingestion").at("/spec/template/spec/containers/0"),
                "PULSE_TRACING_ENABLED")).isEqualTo("true");
        assertThat(env(manifests.one("Deployment", "pulse-enrichment").at("/spec/template/spec/containers/0"),
                "PULSE_DEDUP_WINDOW")).isEqualTo("2h");
        JsonNode config = yamlOf(manifests.one("ConfigMap", "pulse-enrichment").at("/data/application.yaml"));
        assertThat(config.at("/pulse/enrichment/geo-database").asString()).isEqualTo("/geo/country.mmdb");
        assertThat(config.at("/server/port").asInt()).isEqualTo(8082);

        JsonNode dashboard = json.readTree(manifests.one("ConfigMap", "pulse-dashboard")
                .at("/data/pulse-pipeline.json").asString());
        assertThat(dashboard.at("/panels").size()).isGreaterThanOrEqualTo(8);
        assertThat(dashboard.at("/panels").findValuesAsString("expr"))
                .anyMatch(expr -> expr.contains("pulse_pipeline_latency_seconds_bucket"))
                .anyMatch(expr -> expr.contains("kafka_consumer_fetch_manager_records_lag"));
    }

    @Test
    void disabledServicesRenderNothing() {
        Manifests manifests = render(command -> command.set("services.enrichment.enabled", false)
                .set("services.aggregation.enabled", false));

        assertThat(manifests.named("Deployment")).containsExactly("pulse-ingestion");
    }

    @Test
    void schemaRejectsBadValues() {
        Map<String, Object> bad = Map.of(
                "services.ingestion.port", "eighty",
                "services.ingestion.managementPort", 70000,
                "services.aggregation.unknownSetting", true,
                "kafka.bootstrapServers", "",
                "image.pullPolicy", "Sometimes",
                "tracing.samplingProbability", 2,
                "services.ingestion.keda.enabled", true,
                "clickhouse.database", "pulse; DROP TABLE events",
                "redis.dedupWindow", "a day",
                "services.enrichment.resources.limits.memory", "a lot");
        bad.forEach((key, value) -> assertThatThrownBy(() -> render(command -> command.set(key, value)))
                .as("%s=%s", key, value).hasMessageContaining("values don't meet the specifications of the schema"));
    }

    private static Manifests render(UnaryOperator<TemplateCommand> options) {
        String rendered = options.apply(new Helm(CHART).template().withName("pulse").withKubeVersion("1.33.0"))
                .call();
        List<JsonNode> documents = new ArrayList<>();
        for (JsonNode document : yaml.readValues(yaml.createParser(rendered), JsonNode.class).readAll()) {
            if (document != null && !document.isMissingNode() && !document.isNull()) {
                documents.add(document);
            }
        }
        return new Manifests(documents);
    }

    private static JsonNode yamlOf(JsonNode text) {
        return yaml.readTree(text.asString());
    }

    private static String env(JsonNode container, String name) {
        return entry(container, name).at("/value").asString();
    }

    private static String secretKey(JsonNode container, String name) {
        return entry(container, name).at("/valueFrom/secretKeyRef/key").asString();
    }

    private static JsonNode entry(JsonNode container, String name) {
        for (JsonNode env : container.at("/env")) {
            if (name.equals(env.at("/name").asString())) {
                return env;
            }
        }
        throw new AssertionError("no environment variable " + name);
    }

    private static boolean volumeMount(JsonNode container, String path) {
        return container.at("/volumeMounts").findValuesAsString("mountPath").contains(path);
    }

    /** The rendered documents, looked up by kind and name. */
    private record Manifests(List<JsonNode> documents) {

        JsonNode one(String kind, String name) {
            return documents.stream()
                    .filter(document -> kind.equals(document.at("/kind").asString())
                            && name.equals(document.at("/metadata/name").asString()))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
        }

        List<String> named(String kind) {
            return documents.stream().filter(document -> kind.equals(document.at("/kind").asString()))
                    .map(document -> document.at("/metadata/name").asString()).toList();
        }

        List<String> kinds() {
            return documents.stream().map(document -> document.at("/kind").asString()).distinct().toList();
        }

        private List<String> names() {
            return documents.stream().map(d -> d.at("/kind").asString() + "/" + d.at("/metadata/name").asString())
                    .filter(Objects::nonNull).toList();
        }
    }
}
