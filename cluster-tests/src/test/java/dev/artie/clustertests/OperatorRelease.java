package dev.artie.clustertests;

import dev.artie.operator.it.Helm;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator as a user installs it: `helm install` of charts/artie-operator, its image and the default images of
 * the services from the cluster's registry (docs/kubernetes.md), in a namespace under the restricted standard.
 */
final class OperatorRelease {
    static final String LEASE = "artie-operator";

    private OperatorRelease() {}

    /** `helm upgrade --install` with {@code replicas} operator pods; returns when they are ready. */
    static void install(Cluster cluster, int replicas) {
        String registry = cluster.access().registry();
        cluster.ensureNamespace(Helm.NAMESPACE);
        List<String> args = new ArrayList<>(List.of(
                "upgrade",
                "--install",
                Helm.RELEASE,
                Helm.CHART,
                "--namespace",
                Helm.NAMESPACE,
                "--set",
                "images.registry=" + registry,
                "--set",
                "replicaCount=" + replicas,
                "--wait",
                "--timeout",
                Cluster.READY_TIMEOUT.toSeconds() + "s"));
        if (cluster.redisImage() != null) {
            args.addAll(List.of("--set", "redisImage=" + cluster.redisImage()));
        }
        cluster.helm(args.toArray(String[]::new));
        cluster.kubectl(
                "rollout",
                "status",
                "deployment/" + Helm.RELEASE,
                "-n",
                Helm.NAMESPACE,
                "--timeout=" + Cluster.READY_TIMEOUT.toSeconds() + "s");
    }

    /** The name of the Service in front of the operator's /metrics and /health. */
    static String metricsService() {
        return "svc/" + Helm.RELEASE + "-metrics";
    }
}
