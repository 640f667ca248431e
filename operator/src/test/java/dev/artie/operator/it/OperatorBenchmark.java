package dev.artie.operator.it;

import dev.artie.operator.Fixtures;
import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Labels;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prints operator figures against the real API server: apply → all children created (p50/p99), N custom
 * resources reconciled to Ready (total seconds), and the operator's RSS. The operator runs as its own
 * process (its real main class), so the RSS is the operator's alone. See docs/operator.md for the command.
 */
public final class OperatorBenchmark {
    private static final int CHILDREN = 10;

    private OperatorBenchmark() {}

    /** Informer threads would keep the JVM alive after a failure, so the outcome is an explicit exit. */
    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (KubeApi.locateBinaries(System.getenv()).isEmpty()) {
            System.err.println(KubeApi.MISSING);
            System.exit(2);
        }
        int latencySamples = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int bulk = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        KubeApi api = KubeApi.get();
        try (KubernetesClient client = api.newClient();
                var kubelet = new FakeKubelet(client)) {
            CrdInstaller.install(client);
            addServiceCidr(client);
            Process operator = startOperator(api);
            try {
                namespace(client, "bench-latency");
                namespace(client, "bench-bulk");
                secret(client, "bench-latency");
                secret(client, "bench-bulk");
                awaitReady(client, "bench-latency", List.of(create(client, "bench-latency", "warmup")), 120);

                var latencies = new ArrayList<Long>();
                for (int i = 0; i < latencySamples; i++) {
                    latencies.add(childrenCreatedMillis(client, "bench-latency", "lat-" + i));
                }
                Collections.sort(latencies);

                long start = System.nanoTime();
                var names = new ArrayList<String>();
                for (int i = 0; i < bulk; i++) {
                    names.add(create(client, "bench-bulk", "bulk-" + i));
                }
                awaitReady(client, "bench-bulk", names, 900);
                double bulkSeconds = (System.nanoTime() - start) / 1e9;

                System.out.printf(
                        "apply -> all %d children created: p50 %d ms, p99 %d ms (%d samples)%n",
                        CHILDREN, percentile(latencies, 50), percentile(latencies, 99), latencies.size());
                System.out.printf("%d ArtieDeployments reconciled to Ready: %.1f s total%n", bulk, bulkSeconds);
                System.out.printf(
                        "operator RSS: %s now, %s peak (pid %d, %d ArtieDeployments, %d informer-cached children)%n",
                        procStatus(operator.pid(), "VmRSS"),
                        procStatus(operator.pid(), "VmHWM"),
                        operator.pid(),
                        bulk + latencySamples + 1,
                        (bulk + latencySamples + 1) * CHILDREN);
            } finally {
                operator.destroy();
                operator.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startOperator(KubeApi api) throws IOException {
        Path log = Files.createTempFile("artie-operator-bench", ".log");
        var builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // The image's JVM options (the tests run in operator/).
                        "@" + Path.of("..", "jvm", "jvm.options").toAbsolutePath(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.artie.operator.ArtieOperator")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", api.kubeconfig().toString());
        builder.environment().put("ARTIE_OPERATOR_LEADER_ELECTION", "false");
        builder.environment().put("ARTIE_OPERATOR_PORT", "0");
        System.err.println("operator log: " + log);
        return builder.start();
    }

    private static long childrenCreatedMillis(KubernetesClient client, String ns, String name)
            throws InterruptedException {
        long start = System.nanoTime();
        create(client, ns, name);
        String selector = Labels.INSTANCE + "=" + name;
        while (children(client, ns, selector) < CHILDREN) {
            Thread.sleep(5);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int children(KubernetesClient client, String ns, String selector) {
        return client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withLabelSelector(selector)
                        .list()
                        .getItems()
                        .size()
                + client.apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withLabelSelector(selector)
                        .list()
                        .getItems()
                        .size()
                + client.services()
                        .inNamespace(ns)
                        .withLabelSelector(selector)
                        .list()
                        .getItems()
                        .size()
                + client.configMaps()
                        .inNamespace(ns)
                        .withLabelSelector(selector)
                        .list()
                        .getItems()
                        .size()
                + client.serviceAccounts()
                        .inNamespace(ns)
                        .withLabelSelector(selector)
                        .list()
                        .getItems()
                        .size()
                + client.persistentVolumeClaims()
                        .inNamespace(ns)
                        .withLabelSelector(selector)
                        .list()
                        .getItems()
                        .size()
                + client.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(ns)
                        .withLabelSelector(selector)
                        .list()
                        .getItems()
                        .size();
    }

    private static void awaitReady(KubernetesClient client, String ns, List<String> names, int timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            long ready = client.resources(ArtieDeployment.class).inNamespace(ns).list().getItems().stream()
                    .filter(a -> names.contains(a.getMetadata().getName()))
                    .filter(a -> a.getStatus() != null && "Ready".equals(a.getStatus().phase))
                    .count();
            if (ready == names.size()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not all of " + names.size() + " ArtieDeployments in " + ns + " became Ready");
    }

    /**
     * kube-api-test's API server has a /24 for Service IPs, too few for 250 installations of two Services;
     * 1.33's multi-CIDR allocator takes more from a ServiceCIDR, marked Ready here as the
     * controller-manager (absent) would.
     */
    private static void addServiceCidr(KubernetesClient client) {
        var cidr = new ServiceCIDRBuilder()
                .withNewMetadata()
                .withName("bench")
                .endMetadata()
                .withNewSpec()
                .withCidrs("10.1.0.0/16")
                .endSpec()
                .build();
        client.resource(cidr).serverSideApply();
        cidr = client.resource(cidr).get();
        cidr.setStatus(new ServiceCIDRStatusBuilder()
                .addToConditions(new ConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .withReason("Bench")
                        .withMessage("marked ready by the benchmark")
                        .withLastTransitionTime(java.time.Instant.now().toString())
                        .build())
                .build());
        client.resource(cidr).updateStatus();
    }

    private static String create(KubernetesClient client, String ns, String name) {
        var artie = Fixtures.minimal(name, ns);
        artie.getMetadata().setGeneration(null);
        client.resource(artie).create();
        return name;
    }

    private static void secret(KubernetesClient client, String ns) {
        client.resource(Fixtures.secret("artie-model", ns, Map.of("api-key", "bench")))
                .serverSideApply();
    }

    private static void namespace(KubernetesClient client, String ns) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String procStatus(long pid, String field) throws IOException {
        return Files.readAllLines(new File("/proc/" + pid + "/status").toPath()).stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).trim())
                .findFirst()
                .orElse("n/a");
    }
}
