package dev.artie.clustertests;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tier needs of a cluster (docs/kubernetes.md, "The test cluster"): its admin kubeconfig, the registry
 * the images are pushed to and pulled from, and an address of this host its pods reach.
 */
public record ClusterAccess(Path kubeconfig, String registry, String hostIp) {
    static final String KUBECONFIG = "KUBECONFIG";
    static final String REGISTRY = "ARTIE_TEST_REGISTRY";
    static final String HOST_IP = "ARTIE_TEST_HOST_IP";

    /** From KUBECONFIG, ARTIE_TEST_REGISTRY and ARTIE_TEST_HOST_IP, or null unless all three are set. */
    static ClusterAccess fromEnvironment(Map<String, String> env) {
        String kubeconfig = env.get(KUBECONFIG);
        String registry = env.get(REGISTRY);
        String hostIp = env.get(HOST_IP);
        if (blank(kubeconfig) || blank(registry) || blank(hostIp)) {
            return null;
        }
        return new ClusterAccess(Path.of(kubeconfig), registry, hostIp);
    }

    /** From the KEY=VALUE lines `scripts/test-cluster.sh up|status` prints. */
    static ClusterAccess fromKeyValueLines(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        output.lines()
                .map(String::strip)
                .filter(line -> line.matches("[A-Z_]+=.*"))
                .forEach(line -> {
                    int eq = line.indexOf('=');
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                });
        ClusterAccess access = fromEnvironment(values);
        if (access == null) {
            throw new IllegalStateException("scripts/test-cluster.sh printed no " + KUBECONFIG + ", " + REGISTRY
                    + " and " + HOST_IP + " lines; it printed:\n" + output);
        }
        return access;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
