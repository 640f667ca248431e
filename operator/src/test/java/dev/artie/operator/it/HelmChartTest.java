package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.RepoFiles;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart and the plain install manifests, checked with the real helm and kubectl against the API server. */
class HelmChartTest {
    static final String INSTALL = "k8s/install/operator.yaml";
    private static KubeApi api;

    @BeforeAll
    static void apiServer() {
        api = KubeApi.get();
        try (var client = api.newClient()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(Helm.NAMESPACE)
                            .endMetadata()
                            .build())
                    .serverSideApply();
        }
    }

    @Test
    void chartLints() {
        var lint = KubeCommands.run(api.binary("helm"), "lint", "--strict", Helm.CHART);
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    @Test
    void renderedChartIsAcceptedByTheApiServer() {
        var file = Helm.tempYaml(Helm.template(api, "--include-crds"));
        var dryRun = Helm.kubectl(api, "apply", "--dry-run=server", "-f", file.toString());
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output())
                .contains("customresourcedefinition.apiextensions.k8s.io/artiedeployments.artie.dev")
                .contains("deployment.apps/artie-operator")
                .contains("clusterrole.rbac.authorization.k8s.io/artie-operator")
                .contains("serviceaccount/artie-operator");
    }

    @Test
    void badValuesAreRefusedByTheSchema() {
        var zero = KubeCommands.run(api.binary("helm"), "template", "x", Helm.CHART, "--set", "replicaCount=0");
        assertThat(zero.exitCode()).isNotZero();
        assertThat(zero.output()).contains("replicaCount").contains("minimum");
        var badNamespace =
                KubeCommands.run(api.binary("helm"), "template", "x", Helm.CHART, "--set", "watchNamespaces={Bad_NS}");
        assertThat(badNamespace.exitCode()).isNotZero();
        assertThat(badNamespace.output()).contains("watchNamespaces");
        var unknown = KubeCommands.run(api.binary("helm"), "template", "x", Helm.CHART, "--set", "replicas=2");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("replicas");
    }

    @Test
    void theImageValuesNameTheOperatorAndItsDefaults() {
        String yaml = Helm.template(
                api,
                "--set",
                "images.registry=localhost:5000",
                "--set",
                "images.prefix=",
                "--set",
                "images.tag=1.2.3",
                "--set",
                "redisImage=localhost:5000/artie-test/redis:7");
        assertThat(yaml)
                .contains("image: \"localhost:5000/artie-operator:1.2.3\"")
                .contains("name: ARTIE_OPERATOR_IMAGE_REGISTRY\n              value: \"localhost:5000\"")
                .contains("name: ARTIE_OPERATOR_IMAGE_PREFIX\n              value: \"\"")
                .contains("name: ARTIE_OPERATOR_IMAGE_TAG\n              value: \"1.2.3\"")
                .contains(
                        "name: ARTIE_OPERATOR_REDIS_IMAGE\n              value: \"localhost:5000/artie-test/redis:7\"");
        var noSlash = KubeCommands.run(api.binary("helm"), "template", "x", Helm.CHART, "--set", "images.prefix=team");
        assertThat(noSlash.exitCode()).isNotZero();
        assertThat(noSlash.output()).contains("/images/prefix");
    }

    @Test
    void theIngressValuesBecomeTheOperatorsIngressDefaults() {
        String yaml = Helm.template(
                api,
                "--set",
                "ingress.className=nginx",
                "--set-string",
                "ingress.annotations.cert-manager\\.io/cluster-issuer=letsencrypt");
        assertThat(yaml)
                .contains("name: ARTIE_OPERATOR_INGRESS_CLASS\n              value: \"nginx\"")
                .contains(
                        "name: ARTIE_OPERATOR_INGRESS_ANNOTATIONS\n              value: \"{\\\"cert-manager.io/cluster-issuer\\\":\\\"letsencrypt\\\"}\"");
        var badClass = KubeCommands.run(
                api.binary("helm"), "template", "x", Helm.CHART, "--set", "ingress.className=Bad_Class");
        assertThat(badClass.exitCode()).isNotZero();
        assertThat(badClass.output()).contains("/ingress/className");
    }

    @Test
    void thePersonaValuesBecomeTheOperatorsDefaultsOnlyWhenSet() {
        assertThat(Helm.template(api)).doesNotContain("ARTIE_OPERATOR_PERSONA_");
        String yaml =
                Helm.template(api, "--set", "persona.name=Maple", "--set", "persona.instructions=Answer in French.");
        assertThat(yaml)
                .contains("name: ARTIE_OPERATOR_PERSONA_NAME\n              value: \"Maple\"")
                .contains("name: ARTIE_OPERATOR_PERSONA_INSTRUCTIONS\n              value: \"Answer in French.\"")
                .doesNotContain("ARTIE_OPERATOR_PERSONA_TONE");
        var twoLines = KubeCommands.run(api.binary("helm"), "template", "x", Helm.CHART, "--set", "persona.name=a\nb");
        assertThat(twoLines.exitCode()).isNotZero();
        assertThat(twoLines.output()).contains("/persona/name");
    }

    @Test
    void watchedNamespacesGetRolesInsteadOfAClusterRole() {
        String yaml = Helm.template(api, "--set", "watchNamespaces={team-a,team-b}");
        assertThat(yaml)
                .contains("kind: Role\nmetadata:\n  name: artie-operator\n  namespace: team-a")
                .contains("namespace: team-b")
                .doesNotContain("kind: ClusterRole\nmetadata:\n  name: artie-operator\n")
                .contains("value: \"team-a,team-b\"");
    }

    @Test
    void plainInstallManifestsAreRenderedFromTheChart() {
        String rendered = """
        # Generated from charts/artie-operator by HelmChartTest; do not edit. Regenerate with:
        #   ARTIE_KUBE_BINARIES=... ./mvnw -pl operator test -Dtest=HelmChartTest -Dartie.regenerate=true
        # Install: kubectl apply --server-side -f k8s/install/operator.yaml
        apiVersion: v1
        kind: Namespace
        metadata:
          name: artie-system
        """ + Helm.template(api, "--include-crds");
        if (RepoFiles.REGENERATE) {
            RepoFiles.write(INSTALL, rendered);
        }
        assertThat(RepoFiles.read(INSTALL))
                .as(
                        INSTALL
                                + " is out of date; regenerate: ./mvnw -pl operator test -Dtest=HelmChartTest -Dartie.regenerate=true")
                .isEqualTo(rendered);
        var dryRun = Helm.kubectl(
                api, "apply", "--dry-run=server", "-f", RepoFiles.path(INSTALL).toString());
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
    }

    @Test
    void examplesAreAcceptedByTheApiServer() {
        try (var client = api.newClient()) {
            CrdInstaller.install(client);
        }
        for (String example : new String[] {
            "k8s/examples/minimal.yaml",
            "k8s/examples/full.yaml",
            "k8s/examples/mcp-http.yaml",
            "k8s/examples/ingress.yaml"
        }) {
            var dryRun = Helm.kubectl(
                    api,
                    "apply",
                    "--dry-run=server",
                    "-n",
                    "default",
                    "-f",
                    RepoFiles.path(example).toString());
            assertThat(dryRun.exitCode()).as(example + ": " + dryRun.output()).isZero();
        }
    }
}
