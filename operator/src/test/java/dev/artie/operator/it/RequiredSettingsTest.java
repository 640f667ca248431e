package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artie.operator.Fixtures;
import dev.artie.operator.RepoFiles;
import dev.artie.operator.crd.GeneratedCrd;
import dev.artie.operator.dependent.ComponentDeployments;
import dev.artie.operator.workload.Component;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every variable docs/configuration.md marks **required** (the service refuses to start without it) is, on
 * Kubernetes, either required by the CRD, so that the API server refuses a resource without it, or set by the
 * operator: a pod never crash-loops for a setting the resource could not leave out.
 */
class RequiredSettingsTest {
    private static final Pattern ROW =
            Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]+) \\| [^|]* \\| ([^|]+) \\|$");
    private static final String FULL = "k8s/examples/full.yaml";
    private static KubernetesClient client;

    record Required(String variable, Component component) {}

    @BeforeAll
    static void apiServer() {
        client = KubeApi.get().newClient();
        CrdInstaller.install(client);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void everyRequiredSettingIsRequiredByTheCrdOrSetByTheOperator() {
        var required = requiredSettings();
        assertThat(required)
                .extracting(Required::variable)
                .as("the **required** rows of docs/configuration.md")
                .contains("ARTIE_SMS_PUBLIC_URL", "ARTIE_DISCORD_TOKEN");
        JsonNode full = Serialization.unmarshal(RepoFiles.read(FULL), JsonNode.class);
        dryRunCreate(full); // the example itself is accepted, so each refusal below is the removed field's

        for (Required setting : required) {
            assertThat(env(setting.component()))
                    .as(FULL + " gives " + setting.component().id() + " " + setting.variable())
                    .contains(setting.variable());
            List<List<String>> fields = crdFieldsNaming(setting.variable());
            // No field names it: nothing in the resource sets it, so the operator always does (the env above).
            for (List<String> field : fields) {
                ObjectNode without = full.deepCopy();
                remove(without, field);
                String name = field.getLast();
                assertThatThrownBy(() -> dryRunCreate(without))
                        .as(setting.variable() + ": the API server refuses " + FULL + " without spec."
                                + String.join(".", field))
                        .hasMessageContaining(name);
            }
        }
    }

    /** The variables marked **required**, each with the one service that reads it. */
    static List<Required> requiredSettings() {
        var required = new ArrayList<Required>();
        RepoFiles.read("docs/configuration.md")
                .lines()
                .map(ROW::matcher)
                .filter(java.util.regex.Matcher::matches)
                .filter(m -> m.group(3).contains("**required**"))
                .forEach(m -> required.add(new Required(
                        m.group(1),
                        Arrays.stream(Component.values())
                                .filter(c -> c.id().equals(m.group(2).trim()))
                                .findFirst()
                                .orElseThrow(() -> new AssertionError(m.group(1) + ": services column '"
                                        + m.group(2).trim() + "' names no one component")))));
        return required;
    }

    private static List<String> env(Component component) {
        var full = Fixtures.fromYaml(RepoFiles.read(FULL));
        full.getMetadata().setNamespace("default");
        return ComponentDeployments.desired(full, component, name -> Optional.empty(), Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv()
                .stream()
                .map(EnvVar::getName)
                .toList();
    }

    /** Paths below spec of the generated CRD's fields whose description names the variable, e.g. (ARTIE_X). */
    private static List<List<String>> crdFieldsNaming(String variable) {
        JsonNode crd = Serialization.unmarshal(GeneratedCrd.yaml(), JsonNode.class);
        var found = new ArrayList<List<String>>();
        walk(
                crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec"),
                new ArrayList<>(),
                Pattern.compile("\\b" + variable + "\\b"),
                found);
        return found;
    }

    private static void walk(JsonNode schema, List<String> path, Pattern variable, List<List<String>> found) {
        if (!path.isEmpty()
                && variable.matcher(schema.path("description").asText()).find()) {
            found.add(List.copyOf(path));
        }
        Iterator<Map.Entry<String, JsonNode>> properties =
                schema.path("properties").fields();
        while (properties.hasNext()) {
            var property = properties.next();
            path.add(property.getKey());
            walk(property.getValue(), path, variable, found);
            path.removeLast();
        }
    }

    private static void remove(ObjectNode resource, List<String> field) {
        JsonNode parent = resource.path("spec");
        for (String step : field.subList(0, field.size() - 1)) {
            parent = parent.path(step);
        }
        assertThat(parent.has(field.getLast()))
                .as(FULL + " sets spec." + String.join(".", field))
                .isTrue();
        ((ObjectNode) parent).remove(field.getLast());
    }

    private static void dryRunCreate(JsonNode resource) {
        var generic = Serialization.unmarshal(Serialization.asJson(resource), GenericKubernetesResource.class);
        generic.getMetadata().setNamespace("default");
        client.resource(generic).dryRun().create();
    }
}
