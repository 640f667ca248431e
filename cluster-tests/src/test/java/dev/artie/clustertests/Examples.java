package dev.artie.clustertests;

import dev.artie.operator.RepoFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files under k8s/examples/ as the tests apply them: unchanged but for the settings that point outside. */
final class Examples {
    static final String MINIMAL = "k8s/examples/minimal.yaml";
    static final String NAME = "artie";

    private Examples() {}

    /** `kubectl apply` of the example with the model endpoint set to {@code baseUrl}; {@code spec} merged in too. */
    static void apply(Cluster cluster, String namespace, String example, String baseUrl, Map<String, Object> spec) {
        Map<String, Object> resource = Serialization.unmarshal(RepoFiles.read(example), Map.class);
        Map<String, Object> merged = child(resource, "spec");
        merge(merged, spec);
        child(child(merged, "capabilities"), "model").put("baseUrl", baseUrl);
        cluster.kubectl(
                "apply",
                "-n",
                namespace,
                "-f",
                Cluster.tempYaml(Serialization.asYaml(resource)).toString());
    }

    /** The model Secret the examples name, as their comment says to create it. */
    static void createModelSecret(Cluster cluster, String namespace, String apiKey) {
        replaceSecret(cluster, namespace, "artie-model", "api-key", apiKey);
    }

    /** Creates or replaces a one-key generic Secret (kubectl create --dry-run | kubectl apply). */
    static void replaceSecret(Cluster cluster, String namespace, String name, String key, String value) {
        String yaml = cluster.kubectl(
                "create",
                "secret",
                "generic",
                name,
                "-n",
                namespace,
                "--from-literal=" + key + "=" + value,
                "--dry-run=client",
                "-o",
                "yaml");
        cluster.kubectl("apply", "-f", Cluster.tempYaml(yaml).toString());
    }

    /** Deep merge, like a JSON merge patch without deletions. */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map) {
                merge(child(target, key), (Map<String, Object>) map);
            } else {
                target.put(key, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }
}
