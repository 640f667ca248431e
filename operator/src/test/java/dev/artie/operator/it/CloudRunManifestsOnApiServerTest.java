package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.Fixtures;
import dev.artie.operator.RepoFiles;
import dev.artie.operator.cloudrun.CloudRunOptions;
import dev.artie.operator.cloudrun.CloudRunRenderer;
import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.MemorySpec;
import dev.artie.operator.crd.PostgresMemorySpec;
import dev.artie.operator.crd.SecretKeyRef;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cloud Run's service YAML is Knative Serving's serving.knative.dev/v1 Service: every manifest the renderer
 * produces for every example ArtieDeployment is dry-run applied (server side) on the real test kube-apiserver
 * with Knative Serving's own CRDs installed (scripts/knative-crds.sh fetches them from knative.dev/serving).
 */
class CloudRunManifestsOnApiServerTest {
    static final String CRDS_ENV = "ARTIE_KNATIVE_CRDS";
    static final String SCRIPT = "scripts/knative-crds.sh";
    private static KubeCommands kube;

    @BeforeAll
    static void installKnativeCrds() {
        Path crds = knativeCrds(System.getenv());
        kube = KubeApi.get().commands();
        var applied = kube.kubectl("apply", "--server-side", "-f", crds.toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        try (var client = KubeApi.get().newClient()) {
            var service = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(crds.resolve("service.yaml").toFile())
                    .item();
            service.getSpec()
                    .getVersions()
                    .forEach(v -> withCloudRunNfsVolumes(v.getSchema().getOpenAPIV3Schema()));
            client.resource(service).forceConflicts().serverSideApply();
        }
        var established = kube.kubectl(
                "wait", "--for=condition=Established", "--timeout=60s", "crd/services.serving.knative.dev");
        assertThat(established.exitCode()).as(established.output()).isZero();
    }

    /**
     * Cloud Run's one documented extension of Knative's revision schema that the renderer uses: an {@code nfs} volume
     * (https://cloud.google.com/run/docs/reference/yaml/v1, "volumes"; Knative itself has no NFS volume). Added to
     * Knative's own schema here, typed as Kubernetes' NFSVolumeSource, so everything else is still checked strictly.
     */
    private static void withCloudRunNfsVolumes(JSONSchemaProps root) {
        JSONSchemaProps volume = root.getProperties()
                .get("spec")
                .getProperties()
                .get("template")
                .getProperties()
                .get("spec")
                .getProperties()
                .get("volumes")
                .getItems()
                .getSchema();
        volume.getProperties()
                .put(
                        "nfs",
                        new JSONSchemaPropsBuilder()
                                .withType("object")
                                .addToRequired("server", "path")
                                .addToProperties(
                                        "server",
                                        new JSONSchemaPropsBuilder()
                                                .withType("string")
                                                .build())
                                .addToProperties(
                                        "path",
                                        new JSONSchemaPropsBuilder()
                                                .withType("string")
                                                .build())
                                .addToProperties(
                                        "readOnly",
                                        new JSONSchemaPropsBuilder()
                                                .withType("boolean")
                                                .build())
                                .build());
    }

    static Stream<String> examples() throws IOException {
        try (var files = Files.list(RepoFiles.path("k8s/examples"))) {
            return files
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyRenderedServiceIsAcceptedByTheApiServer(String example) throws IOException {
        var artie = Fixtures.fromYaml(Files.readString(RepoFiles.path("k8s/examples/" + example)));
        // Every optional part at once: NFS memory, the Redis CA from Secret Manager, service accounts, Direct VPC.
        var everything = CloudRunOptions.withMemoryNfs("10.0.0.2:/artie")
                .withRedisCaCertSecret("artie-redis-ca")
                .withProject("my-project", "default", "default");
        acceptedByTheApiServer(example, artie, everything);
        acceptedByTheApiServer(
                example, artie, CloudRunOptions.withMemoryNfs(null).withEphemeralMemory());

        var memory = artie.getSpec().capabilities.memory;
        memory.store = MemorySpec.POSTGRES;
        memory.postgres = new PostgresMemorySpec();
        memory.postgres.urlSecretRef = new SecretKeyRef("artie-memory-db", "jdbc-uri");
        acceptedByTheApiServer(
                example + " with PostgreSQL memory",
                artie,
                CloudRunOptions.withMemoryNfs(null).withProject("my-project", "default", "default"));
    }

    private static void acceptedByTheApiServer(String example, ArtieDeployment artie, CloudRunOptions options)
            throws IOException {
        Path dir = Files.createTempDirectory("artie-cloud-run");
        int services = 0;
        for (var file : CloudRunRenderer.render(artie, options).entrySet()) {
            if (!file.getKey().endsWith(".yaml")) {
                continue;
            }
            Path manifest = Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            var result = kube.kubectl(
                    "apply", "--dry-run=server", "--validate=strict", "-n", "default", "-f", manifest.toString());
            assertThat(result.exitCode())
                    .as(example + " " + file.getKey() + ":\n" + result.output() + "\n" + file.getValue())
                    .isZero();
            assertThat(result.output()).contains("service.serving.knative.dev/").contains("(server dry run)");
            services++;
        }
        assertThat(services).isPositive();
    }

    /** $ARTIE_KNATIVE_CRDS, else the script's cache; without either skipped, or failed under CI=true. */
    static Path knativeCrds(Map<String, String> env) {
        String dir = env.get(CRDS_ENV);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        try {
            var check = new ProcessBuilder(RepoFiles.path(SCRIPT).toString(), "--check")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            check.getOutputStream().close();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (check.waitFor() == 0 && !out.isEmpty()) {
                return Path.of(out.lines().reduce((first, last) -> last).orElseThrow());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + SCRIPT + " --check", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String missing = "No Knative Serving CRDs: " + CRDS_ENV + " is not set and " + SCRIPT + " --check finds none;"
                + " fetch them once with " + SCRIPT;
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            throw new IllegalStateException(missing + " (CI=true: failing rather than skipping)");
        }
        Assumptions.assumeTrue(false, missing);
        return null;
    }
}
