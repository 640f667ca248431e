package dev.artie.operator.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artie.operator.Fixtures;
import dev.artie.operator.RepoFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudRunRendererTest {
    @Test
    void fullExampleRendersOneServicePerEnabledComponent(@TempDir Path out) throws Exception {
        var files = CloudRunRenderer.renderFile(
                RepoFiles.path("k8s/examples/full.yaml"), out, CloudRunOptions.withMemoryNfs("10.0.0.2:/artie"));
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "artie-capabilities.yaml",
                        "artie-http-chat.yaml",
                        "artie-discord.yaml",
                        "artie-sms.yaml",
                        "artie-email.yaml",
                        CloudRunRenderer.DEPLOY_SCRIPT);
        for (Path file : files.subList(0, files.size() - 1)) {
            JsonNode service = yaml(file);
            assertThat(service.path("apiVersion").asText()).isEqualTo("serving.knative.dev/v1");
            assertThat(service.path("kind").asText()).isEqualTo("Service");
            JsonNode container = container(service);
            assertThat(container.path("resources").path("limits").has("cpu")).isTrue();
            assertThat(container.path("resources").path("limits").has("memory")).isTrue();
            assertThat(envNames(container)).as("Cloud Run sets PORT itself").doesNotContain("PORT");
            fitsCloudRunStartupProbeLimits(container.path("startupProbe"));
            assertThat(container
                            .path("startupProbe")
                            .path("httpGet")
                            .path("path")
                            .asText())
                    .isEqualTo("/health/readiness");
            assertThat(env(container, "REDIS_URL")
                            .path("valueFrom")
                            .path("secretKeyRef")
                            .path("name")
                            .asText())
                    .isEqualTo("artie-redis-url");
        }
    }

    @Test
    void discordIsAlwaysOnWithCpuAlwaysAllocatedAndItsTokenFromSecretManager(@TempDir Path out) throws Exception {
        CloudRunRenderer.renderFile(
                RepoFiles.path("k8s/examples/full.yaml"), out, CloudRunOptions.withMemoryNfs("10.0.0.2:/artie"));
        JsonNode discord = yaml(out.resolve("artie-discord.yaml"));
        JsonNode annotations =
                discord.path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("autoscaling.knative.dev/minScale").asText())
                .isEqualTo("1");
        assertThat(annotations.path("autoscaling.knative.dev/maxScale").asText())
                .isEqualTo("1");
        assertThat(annotations.path("run.googleapis.com/cpu-throttling").asText())
                .isEqualTo("false");
        JsonNode token =
                env(container(discord), "ARTIE_DISCORD_TOKEN").path("valueFrom").path("secretKeyRef");
        assertThat(token.path("name").asText()).isEqualTo("artie-discord-token");
        assertThat(token.path("key").asText()).isEqualTo("latest");
        assertThat(container(discord).path("ports").get(0).path("containerPort").asInt())
                .isEqualTo(8082);
        assertThat(discord.path("metadata")
                        .path("annotations")
                        .path("run.googleapis.com/ingress")
                        .asText())
                .isEqualTo("internal");
    }

    @Test
    void capabilitiesRunsAsOneInstanceWithItsMemoryOnTheVolume(@TempDir Path out) throws Exception {
        CloudRunRenderer.renderFile(
                RepoFiles.path("k8s/examples/full.yaml"), out, CloudRunOptions.withMemoryNfs("10.0.0.2:/artie"));
        JsonNode capabilities = yaml(out.resolve("artie-capabilities.yaml"));
        JsonNode template = capabilities.path("spec").path("template");
        assertThat(template.path("metadata")
                        .path("annotations")
                        .path("autoscaling.knative.dev/maxScale")
                        .asText())
                .isEqualTo("1");
        assertThat(template.path("spec")
                        .path("volumes")
                        .get(0)
                        .path("nfs")
                        .path("server")
                        .asText())
                .isEqualTo("10.0.0.2");
        JsonNode container = container(capabilities);
        assertThat(env(container, "ARTIE_MEMORY_PATH").path("value").asText()).isEqualTo("/data/memory.db");
        assertThat(env(container, "ARTIE_MODEL_API_KEY")
                        .path("valueFrom")
                        .path("secretKeyRef")
                        .path("name")
                        .asText())
                .isEqualTo("artie-model-api-key");
        assertThat(env(container, "ARTIE_MODEL_MODELS").path("value").asText())
                .isEqualTo("openai/gpt-4o-mini,anthropic/claude-3.5-haiku");
        assertThat(container.path("resources").path("limits").path("cpu").asText())
                .isEqualTo("1");
    }

    @Test
    void httpChatScalesToZeroAndIsPublic(@TempDir Path out) throws Exception {
        var files = CloudRunRenderer.renderFile(
                RepoFiles.path("k8s/examples/minimal.yaml"),
                out,
                CloudRunOptions.withMemoryNfs(null).withEphemeralMemory());
        assertThat(files).hasSize(3);
        JsonNode http = yaml(out.resolve("artie-http-chat.yaml"));
        assertThat(http.path("metadata")
                        .path("annotations")
                        .path("run.googleapis.com/ingress")
                        .asText())
                .isEqualTo("all");
        assertThat(http.path("spec")
                        .path("template")
                        .path("metadata")
                        .path("annotations")
                        .has("run.googleapis.com/cpu-throttling"))
                .isFalse();
        assertThat(container(http).path("ports").get(0).path("containerPort").asInt())
                .isEqualTo(8080);
        JsonNode capabilities = yaml(out.resolve("artie-capabilities.yaml"));
        assertThat(capabilities
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("volumes")
                        .get(0)
                        .path("emptyDir")
                        .path("medium")
                        .asText())
                .isEqualTo("Memory");
    }

    @Test
    void smsSendsItsRepliesWithCpuAlwaysAllocatedAndAnInstanceAlwaysThere(@TempDir Path out) throws Exception {
        CloudRunRenderer.renderFile(
                RepoFiles.path("k8s/examples/full.yaml"), out, CloudRunOptions.withMemoryNfs("10.0.0.2:/artie"));
        JsonNode annotations = yaml(out.resolve("artie-sms.yaml"))
                .path("spec")
                .path("template")
                .path("metadata")
                .path("annotations");
        assertThat(annotations.path("run.googleapis.com/cpu-throttling").asText())
                .isEqualTo("false");
        assertThat(annotations.path("autoscaling.knative.dev/minScale").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theRedisCaCertificateIsASecretManagerFileThatArtieRedisCaCertNames(@TempDir Path out) throws Exception {
        CloudRunRenderer.renderFile(
                RepoFiles.path("k8s/examples/full.yaml"),
                out,
                CloudRunOptions.withMemoryNfs("10.0.0.2:/artie").withRedisCaCertSecret("artie-redis-ca"));
        for (String name : List.of("artie-capabilities.yaml", "artie-sms.yaml", "artie-http-chat.yaml")) {
            JsonNode service = yaml(out.resolve(name));
            JsonNode container = container(service);
            String caPath = env(container, "ARTIE_REDIS_CA_CERT").path("value").asText();
            JsonNode mount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                    .filter(m -> caPath.startsWith(m.path("mountPath").asText() + "/"))
                    .findFirst()
                    .orElseThrow();
            JsonNode volume = StreamSupport.stream(
                            service.path("spec")
                                    .path("template")
                                    .path("spec")
                                    .path("volumes")
                                    .spliterator(),
                            false)
                    .filter(v ->
                            v.path("name").asText().equals(mount.path("name").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("artie-redis-ca");
            assertThat(mount.path("mountPath").asText() + "/"
                            + volume.path("secret")
                                    .path("items")
                                    .get(0)
                                    .path("path")
                                    .asText())
                    .isEqualTo(caPath);
            assertThat(volume.path("secret").path("items").get(0).path("key").asText())
                    .isEqualTo("latest");
        }
    }

    @Test
    void withPostgresMemoryCapabilitiesScaleOutWithNoVolumeAndTheUrlFromSecretManager(@TempDir Path out)
            throws Exception {
        var artie = Fixtures.fromYaml(Files.readString(RepoFiles.path("k8s/examples/minimal.yaml")));
        var memory = artie.getSpec().capabilities.memory;
        memory.store = "postgres";
        memory.postgres = new dev.artie.operator.crd.PostgresMemorySpec();
        memory.postgres.urlSecretRef = new dev.artie.operator.crd.SecretKeyRef("artie-memory-db", "jdbc-uri");
        var noEgress = CloudRunOptions.withMemoryNfs(null);
        assertThatThrownBy(() -> CloudRunRenderer.render(artie, noEgress))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--vpc-network");

        var options = noEgress.withProject("my-project", "default", "default");
        var files = CloudRunRenderer.render(artie, options);
        JsonNode capabilities = Serialization.yamlMapper().readTree(files.get("artie-capabilities.yaml"));
        JsonNode template = capabilities.path("spec").path("template");
        assertThat(template.path("metadata")
                        .path("annotations")
                        .path("autoscaling.knative.dev/maxScale")
                        .asText())
                .as("any number of writers share the database")
                .isEqualTo("10");
        assertThat(template.path("spec").has("volumes")).isFalse();
        JsonNode container = container(capabilities);
        assertThat(env(container, "ARTIE_MEMORY_STORE").path("value").asText()).isEqualTo("postgres");
        assertThat(envNames(container)).doesNotContain("ARTIE_MEMORY_PATH");
        assertThat(env(container, "ARTIE_MEMORY_POSTGRES_URL")
                        .path("valueFrom")
                        .path("secretKeyRef")
                        .path("name")
                        .asText())
                .isEqualTo(SecretManagerNames.of(memory.postgres.urlSecretRef));
        assertThat(CloudRunServiceFactory.secrets(artie, dev.artie.operator.workload.Component.CAPABILITIES, options))
                .as("its service account may read the URL")
                .contains(SecretManagerNames.of(memory.postgres.urlSecretRef));
    }

    @Test
    void memoryOnAnInMemoryVolumeIsRefusedUnlessAskedFor(@TempDir Path out) {
        assertThatThrownBy(() -> CloudRunRenderer.renderFile(
                        RepoFiles.path("k8s/examples/minimal.yaml"), out, CloudRunOptions.withMemoryNfs(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--ephemeral-memory")
                .hasMessageContaining("--memory-nfs");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void everyCloudRunAnnotationRenderedIsInTheDocumentedList(@TempDir Path out) throws Exception {
        var options = CloudRunOptions.withMemoryNfs("10.0.0.2:/artie")
                .withRedisCaCertSecret("artie-redis-ca")
                .withProject("my-project", "default", "default");
        for (String example : List.of("minimal.yaml", "full.yaml", "mcp-http.yaml")) {
            for (var file : CloudRunRenderer.render(
                            Fixtures.fromYaml(Files.readString(RepoFiles.path("k8s/examples/" + example))), options)
                    .entrySet()) {
                if (!file.getKey().endsWith(".yaml")) {
                    continue;
                }
                JsonNode service = Serialization.unmarshal(file.getValue(), JsonNode.class);
                var keys = new ArrayList<String>();
                service.path("metadata").path("annotations").fieldNames().forEachRemaining(keys::add);
                service.path("spec")
                        .path("template")
                        .path("metadata")
                        .path("annotations")
                        .fieldNames()
                        .forEachRemaining(keys::add);
                assertThat(keys)
                        .as(example + " " + file.getKey())
                        .filteredOn(
                                k -> k.startsWith("run.googleapis.com/") || k.startsWith("autoscaling.knative.dev/"))
                        .isNotEmpty()
                        .isSubsetOf(CloudRunAnnotations.DOCUMENTED);
            }
        }
    }

    @Test
    void deployScriptCreatesAServiceAccountPerServiceAndGrantsEachOnlyItsSecrets(@TempDir Path out) throws Exception {
        CloudRunRenderer.renderFile(
                RepoFiles.path("k8s/examples/full.yaml"),
                out,
                CloudRunOptions.withMemoryNfs("10.0.0.2:/artie")
                        .withRedisCaCertSecret("artie-redis-ca")
                        .withProject("my-project", "default", "default"));
        String script = Files.readString(out.resolve(CloudRunRenderer.DEPLOY_SCRIPT));
        assertThat(script)
                .contains("gcloud iam service-accounts create artie-sms --project my-project")
                .contains(
                        "gcloud secrets add-iam-policy-binding artie-discord-token --project my-project"
                                + " --member serviceAccount:artie-discord@my-project.iam.gserviceaccount.com --role roles/secretmanager.secretAccessor")
                .doesNotContain("add-iam-policy-binding artie-discord-token --project my-project"
                        + " --member serviceAccount:artie-sms@")
                .contains(
                        "add-iam-policy-binding artie-redis-ca --project my-project --member serviceAccount:artie-sms@");
        JsonNode sms = yaml(out.resolve("artie-sms.yaml"));
        assertThat(sms.path("spec")
                        .path("template")
                        .path("spec")
                        .path("serviceAccountName")
                        .asText())
                .isEqualTo("artie-sms@my-project.iam.gserviceaccount.com");
        assertThat(sms.path("spec")
                        .path("template")
                        .path("metadata")
                        .path("annotations")
                        .path("run.googleapis.com/network-interfaces")
                        .asText())
                .isEqualTo("[{\"network\":\"default\",\"subnetwork\":\"default\"}]");
    }

    /** Cloud Run: period 1-240 s, timeout at most the period, and the whole start-up within 240 s. */
    private static void fitsCloudRunStartupProbeLimits(JsonNode probe) {
        int period = probe.path("periodSeconds").asInt();
        int timeout = probe.path("timeoutSeconds").asInt();
        int failures = probe.path("failureThreshold").asInt();
        int initialDelay = probe.path("initialDelaySeconds").asInt();
        assertThat(period).isBetween(1, 240);
        assertThat(timeout).isBetween(1, period);
        assertThat(initialDelay).isBetween(0, 240);
        assertThat(initialDelay + period * failures).isLessThanOrEqualTo(240);
    }

    private static JsonNode yaml(Path file) throws Exception {
        return Serialization.unmarshal(Files.readString(file), JsonNode.class);
    }

    private static JsonNode container(JsonNode service) {
        return service.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    private static List<String> envNames(JsonNode container) {
        var names = new ArrayList<String>();
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    private static JsonNode env(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in "
                        + Map.of("env", container.path("env").toString())));
    }
}
