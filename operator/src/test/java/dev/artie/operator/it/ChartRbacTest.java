package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.operator.ArtieOperator;
import dev.artie.operator.Fixtures;
import dev.artie.operator.OperatorSettings;
import dev.artie.operator.crd.ArtieDeployment;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC, applied to the API server, is enough for the operator to do its job when it acts as
 * the chart's ServiceAccount (impersonation), and grants nothing it does not need.
 */
class ChartRbacTest {
    private static final String SA = "system:serviceaccount:" + Helm.NAMESPACE + ":" + Helm.RELEASE;
    private static KubeApi api;
    private static KubernetesClient admin;
    private ArtieOperator operator;
    private FakeKubelet kubelet;

    @BeforeAll
    static void apiServer() {
        api = KubeApi.get();
        admin = api.newClient();
        CrdInstaller.install(admin);
        for (String ns : new String[] {Helm.NAMESPACE, "team-a", "team-b"}) {
            admin.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .serverSideApply();
        }
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void operatorActingAsTheChartServiceAccountReconcilesToReady() throws Exception {
        applyChart();
        operator = new ArtieOperator(
                api.clientAs(Helm.NAMESPACE, Helm.RELEASE),
                new OperatorSettings(0, Set.of("team-a"), true, Helm.NAMESPACE, false));
        operator.start();
        kubelet = new FakeKubelet(admin);

        admin.resource(Fixtures.secret("artie-model", "team-a", Map.of("api-key", "k")))
                .serverSideApply();
        var artie = Fixtures.minimal("rbac", "team-a");
        artie.getMetadata().setGeneration(null);
        admin.resource(artie).create();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var current = admin.resources(ArtieDeployment.class)
                    .inNamespace("team-a")
                    .withName("rbac")
                    .get();
            assertThat(current.getStatus()).isNotNull();
            assertThat(current.getStatus().phase)
                    .as(String.valueOf(current.getStatus().conditions))
                    .isEqualTo("Ready");
        });
        assertThat(admin.leases()
                        .inNamespace(Helm.NAMESPACE)
                        .withName(OperatorSettings.LEASE_NAME)
                        .get()
                        .getSpec()
                        .getHolderIdentity())
                .isNotBlank();
    }

    @Test
    void chartServiceAccountCannotDoMoreThanItNeeds() {
        applyChart();
        assertThat(canI("create", "secrets", "team-a")).isEqualTo("no");
        assertThat(canI("delete", "secrets", "team-a")).isEqualTo("no");
        assertThat(canI("delete", "nodes", null)).isEqualTo("no");
        assertThat(canI("create", "clusterrolebindings", null)).isEqualTo("no");
        assertThat(canI("create", "pods", "team-a")).isEqualTo("no");
        assertThat(canI("delete", "customresourcedefinitions", null)).isEqualTo("no");
        assertThat(canI("create", "leases", "team-a")).isEqualTo("no");
        assertThat(canI("create", "leases", Helm.NAMESPACE)).isEqualTo("yes");
        assertThat(canI("create", "secrets", Helm.NAMESPACE))
                .as("the config-hash key")
                .isEqualTo("yes");
        assertThat(canI("get", "secrets/artie-operator-config-hash-key", Helm.NAMESPACE))
                .isEqualTo("yes");
        assertThat(canI("update", "secrets/artie-operator-config-hash-key", Helm.NAMESPACE))
                .isEqualTo("no");
        assertThat(canI("create", "deployments.apps", "team-a")).isEqualTo("yes");
    }

    @Test
    void watchedNamespacesLimitWhereSecretsCanBeRead() {
        var file = Helm.tempYaml(Helm.template(api, "--set", "watchNamespaces={team-a}"));
        var applied = Helm.kubectl(api, "apply", "-f", file.toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        // The ClusterRole of an all-namespaces install may linger from another test: remove its binding.
        Helm.kubectl(api, "delete", "clusterrolebinding", Helm.RELEASE, "--ignore-not-found");

        assertThat(canI("list", "secrets", "team-a")).isEqualTo("yes");
        assertThat(canI("list", "secrets", "team-b")).isEqualTo("no");
        assertThat(canI("get", "secrets/another", Helm.NAMESPACE))
                .as("only the config-hash key")
                .isEqualTo("no");
        assertThat(canI("get", "secrets/artie-operator-config-hash-key", Helm.NAMESPACE))
                .isEqualTo("yes");
        assertThat(canI("create", "deployments.apps", "team-b")).isEqualTo("no");
    }

    private static void applyChart() {
        var file = Helm.tempYaml(Helm.template(api));
        var applied = Helm.kubectl(api, "apply", "-f", file.toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
    }

    private static String canI(String verb, String resource, String namespace) {
        var result = namespace == null
                ? Helm.kubectl(api, "auth", "can-i", verb, resource, "--as", SA)
                : Helm.kubectl(api, "auth", "can-i", verb, resource, "-n", namespace, "--as", SA);
        return result.output()
                .lines()
                .filter(l -> l.equals("yes") || l.equals("no"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(result.output()));
    }
}
