package dev.artie.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.operator.it.Helm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator replicas: only the holder of the Lease reconciles; when the leader pod is killed another pod (the
 * standby, or the leader's replacement if it asks first) takes the Lease and carries on.
 */
@ExtendWith(ClusterExtension.class)
class OperatorFailoverOnClusterTest {
    private static Cluster cluster;
    private static String ns;

    @Test
    void anotherPodTakesTheLeaseWhenTheLeaderIsKilledAndOnlyTheHolderReconciles(Cluster given) throws Exception {
        cluster = given;
        OperatorRelease.install(cluster, 2);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> holder() != null && operatorPods().size() == 2);
        Lease before = lease();
        String leader = before.getSpec().getHolderIdentity();
        String standby = operatorPods().stream()
                .map(p -> p.getMetadata().getName())
                .filter(n -> !n.equals(leader))
                .findFirst()
                .orElseThrow();

        // Something to reconcile: managed Redis only, no services (cheap on a small node).
        ns = cluster.createNamespace("artie-failover");
        Examples.createModelSecret(cluster, ns, "sk-test");
        Examples.apply(
                cluster,
                ns,
                Examples.MINIMAL,
                "http://model.invalid/v1",
                Map.of("channels", Map.of("http", Map.of("enabled", false))));
        await().atMost(Duration.ofMinutes(2)).until(() -> reconciliations(leader) > 0);
        assertThat(reconciliations(standby))
                .as("the standby reconciles nothing")
                .isZero();

        long killed = System.nanoTime();
        cluster.kubectl("delete", "pod", leader, "-n", Helm.NAMESPACE, "--grace-period=0", "--force");
        int leaseSeconds = Objects.requireNonNullElse(before.getSpec().getLeaseDurationSeconds(), 15);
        // The standby or the leader's replacement, whichever asks first once the Lease expires.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> holder() != null && !leader.equals(holder()));
        String newLeader = holder();
        Report.line(
                "operator failover: %s holds the Lease %.1f s after the leader was killed (lease %d s)",
                newLeader.equals(standby) ? "the standby" : "the leader's replacement",
                (System.nanoTime() - killed) / 1e9,
                leaseSeconds);
        assertThat(lease().getSpec().getLeaseTransitions())
                .isEqualTo(Objects.requireNonNullElse(before.getSpec().getLeaseTransitions(), 0) + 1);

        cluster.kubectl(
                "patch",
                "artie",
                Examples.NAME,
                "-n",
                ns,
                "--type",
                "merge",
                "-p",
                "{\"spec\":{\"capabilities\":{\"replicas\":0}}}");
        await().atMost(Duration.ofMinutes(2)).until(() -> reconciliations(newLeader) > 0);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> operatorPods().size() == 2
                        && operatorPods().stream()
                                .allMatch(p -> ready(p.getMetadata().getName())));
        String other = operatorPods().stream()
                .map(p -> p.getMetadata().getName())
                .filter(n -> !n.equals(newLeader))
                .findFirst()
                .orElseThrow();
        assertThat(reconciliations(other))
                .as("the pod without the Lease reconciles nothing")
                .isZero();
        assertThat(holder()).isEqualTo(newLeader);
    }

    @AfterAll
    static void backToOneReplica() {
        if (cluster != null) {
            if (ns != null) {
                cluster.tryKubectl("delete", "namespace", ns, "--wait=false");
            }
            OperatorRelease.install(cluster, 1);
        }
    }

    private static Lease lease() {
        return cluster.client()
                .leases()
                .inNamespace(Helm.NAMESPACE)
                .withName(OperatorRelease.LEASE)
                .get();
    }

    private static String holder() {
        Lease lease = lease();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static List<Pod> operatorPods() {
        var selector = cluster.client()
                .apps()
                .deployments()
                .inNamespace(Helm.NAMESPACE)
                .withName(Helm.RELEASE)
                .get()
                .getSpec()
                .getSelector()
                .getMatchLabels();
        return cluster.client().pods().inNamespace(Helm.NAMESPACE).withLabels(selector).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private static boolean ready(String pod) {
        Pod current = cluster.client()
                .pods()
                .inNamespace(Helm.NAMESPACE)
                .withName(pod)
                .get();
        return current != null
                && current.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Reconciliations the operator pod has started, from its own /metrics. */
    private static double reconciliations(String pod) throws Exception {
        try (PortForward metrics = cluster.portForward(Helm.NAMESPACE, "pod/" + pod, 8090)) {
            return ChatClient.get(metrics.url(""), "/metrics")
                    .body()
                    .lines()
                    .filter(line -> !line.startsWith("#") && line.contains("reconciliations_started_total"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }
    }
}
