package dev.artie.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.Fixtures;
import dev.artie.operator.crd.HttpOidcSpec;
import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.crd.Resources;
import dev.artie.operator.crd.SecretKeyRef;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.SecretLookup;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentDeploymentsTest {
    private final Secret modelSecret = Fixtures.secret("artie-model", "ns", Map.of("api-key", "sk-1"));
    private final SecretLookup secrets =
            name -> name.equals("artie-model") ? Optional.of(modelSecret) : Optional.empty();

    @Test
    void capabilitiesPodIsHardenedProbedAndLimited() {
        Deployment d = ComponentDeployments.desired(
                Fixtures.minimal("a", "ns"), Component.CAPABILITIES, secrets, Fixtures.CONFIG_HASH);
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().getFirst();

        assertThat(d.getMetadata().getName()).isEqualTo("a-capabilities");
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("a-artie");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getPorts().getFirst().getName()).isEqualTo("http");
        assertThat(c.getPorts().getFirst().getContainerPort()).isEqualTo(8081);
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
        assertThat(c.getResources().getLimits())
                .containsEntry("memory", new Quantity("768Mi"))
                .containsEntry("cpu", new Quantity("1"));
        assertThat(c.getResources().getRequests()).containsEntry("memory", new Quantity("384Mi"));
        assertThat(c.getVolumeMounts()).extracting("mountPath").containsExactlyInAnyOrder("/tmp", "/data");
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .singleElement()
                .satisfies(v ->
                        assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("a-capabilities-data"));
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    @Test
    void plainValuesComeFromTheConfigMapAndSecretsOnlyByReference() {
        Deployment d = ComponentDeployments.desired(
                Fixtures.minimal("a", "ns"), Component.CAPABILITIES, secrets, Fixtures.CONFIG_HASH);
        var env = d.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();

        assertThat(value(env, "PORT")).isEqualTo("8081");
        EnvVar redis = find(env, "REDIS_URL");
        assertThat(redis.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("a-config");
        assertThat(redis.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("capabilities.REDIS_URL");
        EnvVar apiKey = find(env, "ARTIE_MODEL_API_KEY");
        assertThat(apiKey.getValue()).isNull();
        assertThat(apiKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("artie-model");
        assertThat(apiKey.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api-key");
        assertThat(env).allSatisfy(e -> assertThat(e.getValue()).isNotEqualTo("sk-1"));
        assertThat(find(env, "ARTIE_MEMORY_PATH")
                        .getValueFrom()
                        .getConfigMapKeyRef()
                        .getKey())
                .isEqualTo("capabilities.ARTIE_MEMORY_PATH");
    }

    @Test
    void specResourcesOverrideDefaultsFieldByField() {
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().channels.http.resources = new Resources(null, new ResourceList(null, "1Gi"));
        artie.getSpec().channels.http.replicas = 3;
        Deployment d = ComponentDeployments.desired(artie, Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH);
        var c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(c.getResources().getLimits())
                .containsEntry("memory", new Quantity("1Gi"))
                .containsEntry("cpu", new Quantity("500m"));
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("50m"));
        assertThat(c.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
                .extracting("name")
                .containsExactly("tmp");
    }

    @Test
    void hashChangesWithTheSecretValueAndTheSpecButOnlyForTheComponentUsingThem() {
        var artie = Fixtures.minimal("a", "ns");
        String capabilities = hash(artie, Component.CAPABILITIES, secrets);
        String http = hash(artie, Component.HTTP_CHAT, secrets);
        Secret rotated = Fixtures.secret("artie-model", "ns", Map.of("api-key", "sk-2"));
        SecretLookup rotatedLookup = name -> Optional.of(rotated);

        assertThat(hash(artie, Component.CAPABILITIES, rotatedLookup)).isNotEqualTo(capabilities);
        assertThat(hash(artie, Component.HTTP_CHAT, rotatedLookup)).isEqualTo(http);
        artie.getSpec().capabilities.model.baseUrl = "http://ollama:11434/v1";
        assertThat(hash(artie, Component.CAPABILITIES, secrets)).isNotEqualTo(capabilities);
        assertThat(capabilities).doesNotContain("sk-1").hasSize(16);
    }

    @Test
    void thePersonaReachesCapabilitiesThroughTheConfigMapAndUnsetFieldsKeepTheServiceDefaults() {
        var artie = Fixtures.minimal("a", "ns");
        assertThat(ServiceConfig.plainEnv(artie, Component.CAPABILITIES).keySet())
                .noneMatch(name -> name.startsWith("ARTIE_PERSONA_"));

        artie.getSpec().capabilities.persona.name = "Maple";
        artie.getSpec().capabilities.persona.tone = "";
        artie.getSpec().capabilities.persona.instructions = "Answer in French.";
        assertThat(ServiceConfig.plainEnv(artie, Component.CAPABILITIES))
                .containsEntry("ARTIE_PERSONA_NAME", "Maple")
                .containsEntry("ARTIE_PERSONA_TONE", "")
                .containsEntry("ARTIE_PERSONA_INSTRUCTIONS", "Answer in French.");
        assertThat(ServiceConfig.plainEnv(artie, Component.HTTP_CHAT)).doesNotContainKey("ARTIE_PERSONA_NAME");
        var env = ComponentDeployments.desired(artie, Component.CAPABILITIES, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        assertThat(find(env, "ARTIE_PERSONA_NAME")
                        .getValueFrom()
                        .getConfigMapKeyRef()
                        .getKey())
                .isEqualTo("capabilities.ARTIE_PERSONA_NAME");
    }

    @Test
    void mcpKeysReachCapabilitiesOnlyBySecretReferenceAndTheConfigMapNamesTheirVariables() {
        var artie = Fixtures.minimal("a", "ns");
        var github = new dev.artie.operator.crd.McpServerSpec();
        github.name = "git-hub";
        github.command = "github-mcp";
        github.env.add(
                new dev.artie.operator.crd.McpSecretValue("GITHUB_TOKEN", new SecretKeyRef("mcp-keys", "github")));
        var search = new dev.artie.operator.crd.McpServerSpec();
        search.name = "search";
        search.url = "https://mcp.example.com/mcp";
        search.headers.add(
                new dev.artie.operator.crd.McpSecretValue("Authorization", new SecretKeyRef("mcp-keys", "search")));
        artie.getSpec().mcpServers.addAll(java.util.List.of(github, search));

        var env = ComponentDeployments.desired(artie, Component.CAPABILITIES, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        var token = find(env, "ARTIE_MCP_GIT_HUB_ENV_0").getValueFrom().getSecretKeyRef();
        assertThat(token.getName()).isEqualTo("mcp-keys");
        assertThat(token.getKey()).isEqualTo("github");
        assertThat(find(env, "ARTIE_MCP_SEARCH_HEADER_0")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getKey())
                .isEqualTo("search");

        String servers = ServiceConfig.plainEnv(artie, Component.CAPABILITIES).get("ARTIE_MCP_SERVERS");
        assertThat(servers)
                .isEqualTo(
                        "[{\"name\":\"git-hub\",\"command\":\"github-mcp\",\"args\":[],"
                                + "\"envFrom\":{\"GITHUB_TOKEN\":\"ARTIE_MCP_GIT_HUB_ENV_0\"}},{\"name\":\"search\","
                                + "\"url\":\"https://mcp.example.com/mcp\",\"headersFrom\":{\"Authorization\":\"ARTIE_MCP_SEARCH_HEADER_0\"}}]");
        assertThat(ServiceConfig.allSecretRefs(artie.getSpec()))
                .extracting(ref -> ref.name + "/" + ref.key)
                .contains("mcp-keys/github", "mcp-keys/search");
    }

    @Test
    void externalRedisUrlIsASecretReferenceForEveryComponent() {
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().redis.mode = "external";
        artie.getSpec().redis.external = new dev.artie.operator.crd.ExternalRedisSpec();
        artie.getSpec().redis.external.urlSecretRef = new SecretKeyRef("redis", "url");
        var env = ComponentDeployments.desired(artie, Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();

        assertThat(find(env, "REDIS_URL").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("redis");
        assertThat(ServiceConfig.plainEnv(artie, Component.HTTP_CHAT)).doesNotContainKey("REDIS_URL");
    }

    @Test
    void externalRedisCaCertificateIsMountedAsTheFileArtieRedisCaCertNames() {
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().redis.mode = "external";
        artie.getSpec().redis.external = new dev.artie.operator.crd.ExternalRedisSpec();
        artie.getSpec().redis.external.urlSecretRef = new SecretKeyRef("redis", "url");
        artie.getSpec().redis.external.caCertSecretRef = new SecretKeyRef("redis", "ca.crt");
        for (Component component : new Component[] {Component.CAPABILITIES, Component.HTTP_CHAT}) {
            var pod = ComponentDeployments.desired(artie, component, secrets, Fixtures.CONFIG_HASH)
                    .getSpec()
                    .getTemplate()
                    .getSpec();
            String caPath = ServiceConfig.plainEnv(artie, component).get("ARTIE_REDIS_CA_CERT");
            var mount = pod.getContainers().getFirst().getVolumeMounts().stream()
                    .filter(m -> caPath.startsWith(m.getMountPath() + "/"))
                    .findFirst()
                    .orElseThrow();
            var volume = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(volume.getSecret().getSecretName()).isEqualTo("redis");
            assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo("ca.crt");
                assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(caPath);
            });
        }
        assertThat(ServiceConfig.allSecretRefs(artie.getSpec()))
                .extracting(SecretKeyRef::toString)
                .contains("secret redis key ca.crt");
    }

    @Test
    void withoutACaCertificateNothingIsMounted() {
        var pod = ComponentDeployments.desired(
                        Fixtures.minimal("a", "ns"), Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec();
        assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals(ServiceConfig.REDIS_CA_VOLUME));
        assertThat(ServiceConfig.plainEnv(Fixtures.minimal("a", "ns"), Component.HTTP_CHAT))
                .doesNotContainKey("ARTIE_REDIS_CA_CERT");
    }

    @Test
    void theChatApiTokenReachesHttpChatOnlyByReference() {
        var artie = Fixtures.minimal("a", "ns");
        var open = ComponentDeployments.desired(artie, Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        assertThat(open).noneMatch(e -> e.getName().equals("ARTIE_HTTP_API_TOKEN"));

        artie.getSpec().channels.http.apiTokenSecretRef = new SecretKeyRef("artie-http", "token");
        var env = ComponentDeployments.desired(artie, Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        EnvVar token = find(env, "ARTIE_HTTP_API_TOKEN");
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("artie-http");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    }

    @Test
    void signedInPeopleNameTheirIssuerToHttpChat() {
        var artie = Fixtures.minimal("a", "ns");
        assertThat(ServiceConfig.plainEnv(artie, Component.HTTP_CHAT))
                .doesNotContainKeys(
                        "ARTIE_HTTP_AUTH",
                        "ARTIE_HTTP_OIDC_ISSUER",
                        "ARTIE_HTTP_OIDC_AUDIENCE",
                        "ARTIE_HTTP_OIDC_CLIENT_ID");

        var oidc = new HttpOidcSpec();
        oidc.issuer = "https://id.example.org/realms/artie";
        oidc.audience = "artie-api";
        oidc.clientId = "artie-page";
        artie.getSpec().channels.http.oidc = oidc;
        assertThat(ServiceConfig.plainEnv(artie, Component.HTTP_CHAT))
                .containsEntry("ARTIE_HTTP_AUTH", "oidc")
                .containsEntry("ARTIE_HTTP_OIDC_ISSUER", "https://id.example.org/realms/artie")
                .containsEntry("ARTIE_HTTP_OIDC_AUDIENCE", "artie-api")
                .containsEntry("ARTIE_HTTP_OIDC_CLIENT_ID", "artie-page");
        var env = ComponentDeployments.desired(artie, Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();
        assertThat(find(env, "ARTIE_HTTP_OIDC_ISSUER")
                        .getValueFrom()
                        .getConfigMapKeyRef()
                        .getKey())
                .isEqualTo("http-chat.ARTIE_HTTP_OIDC_ISSUER");
        assertThat(ServiceConfig.plainEnv(artie, Component.CAPABILITIES)).doesNotContainKey("ARTIE_HTTP_AUTH");
    }

    @Test
    void singleInstanceComponentsAreReplacedNotRolled() {
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().channels.discord.enabled = true;
        artie.getSpec().channels.discord.tokenSecretRef = new SecretKeyRef("artie-discord", "token");

        assertThat(ComponentDeployments.desired(artie, Component.DISCORD, secrets, Fixtures.CONFIG_HASH)
                        .getSpec()
                        .getStrategy()
                        .getType())
                .as("two Discord pods would both answer every message")
                .isEqualTo("Recreate");
        assertThat(ComponentDeployments.desired(artie, Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH)
                        .getSpec()
                        .getStrategy())
                .as("HTTP chat replicas roll")
                .satisfiesAnyOf(
                        strategy -> assertThat(strategy).isNull(),
                        strategy -> assertThat(strategy.getType()).isNotEqualTo("Recreate"));
    }

    @Test
    void capabilitiesWithPostgresMemoryRollWithoutAGapAndKeepNothingOnTheirVolume() {
        var artie = Fixtures.minimal("a", "ns");
        var memory = artie.getSpec().capabilities.memory;
        memory.store = "postgres";
        memory.postgres = new dev.artie.operator.crd.PostgresMemorySpec();
        memory.postgres.urlSecretRef = new SecretKeyRef("memory-db", "jdbc-uri");
        artie.getSpec().capabilities.replicas = 3;

        Deployment d = ComponentDeployments.desired(artie, Component.CAPABILITIES, secrets, Fixtures.CONFIG_HASH);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
                .noneMatch(v -> v.getPersistentVolumeClaim() != null);
        var env = d.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
        assertThat(find(env, "ARTIE_MEMORY_POSTGRES_URL")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getKey())
                .isEqualTo("jdbc-uri");
        assertThat(ServiceConfig.plainEnv(artie, Component.CAPABILITIES))
                .containsEntry("ARTIE_MEMORY_STORE", "postgres")
                .doesNotContainKey("ARTIE_MEMORY_PATH");
        assertThat(Component.CAPABILITIES.singleInstance(artie.getSpec())).isFalse();

        memory.store = "sqlite";
        assertThat(Component.CAPABILITIES.singleInstance(artie.getSpec())).isTrue();
    }

    @Test
    void podSettingsReachThePod() {
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().pod.imagePullSecrets.add("ghcr");
        artie.getSpec().pod.nodeSelector.put("pool", "artie");
        artie.getSpec().pod.annotations.put("team", "chat");
        var template = ComponentDeployments.desired(artie, Component.HTTP_CHAT, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate();

        assertThat(template.getSpec().getImagePullSecrets()).extracting("name").containsExactly("ghcr");
        assertThat(template.getSpec().getNodeSelector()).containsEntry("pool", "artie");
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry("team", "chat")
                .containsKey(Labels.CONFIG_HASH);
    }

    @Test
    void theBraveSearchKeyReachesCapabilitiesOnlyByReferenceAndNoBackendSetsNothing() {
        var artie = Fixtures.minimal("a", "ns");
        assertThat(ServiceConfig.plainEnv(artie, Component.CAPABILITIES).keySet())
                .noneMatch(name -> name.startsWith("ARTIE_SEARCH_"));

        var search = artie.getSpec().capabilities.search;
        search.backend = "brave";
        search.apiKeySecretRef = new SecretKeyRef("artie-search", "api-key");
        search.maxResults = 8;
        var env = ComponentDeployments.desired(artie, Component.CAPABILITIES, secrets, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv();

        EnvVar key = find(env, "ARTIE_SEARCH_API_KEY");
        assertThat(key.getValue()).isNull();
        assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("artie-search");
        assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api-key");
        assertThat(find(env, "ARTIE_SEARCH_BACKEND")
                        .getValueFrom()
                        .getConfigMapKeyRef()
                        .getKey())
                .isEqualTo("capabilities.ARTIE_SEARCH_BACKEND");
        assertThat(ServiceConfig.plainEnv(artie, Component.CAPABILITIES))
                .containsEntry("ARTIE_SEARCH_BACKEND", "brave")
                .containsEntry("ARTIE_SEARCH_MAX_RESULTS", "8")
                .doesNotContainKeys("ARTIE_SEARCH_URL", "ARTIE_SEARCH_API_KEY");
        assertThat(ServiceConfig.allSecretRefs(artie.getSpec()))
                .extracting(ref -> ref.name)
                .contains("artie-search");

        search.backend = "searxng";
        search.url = "http://searxng.search.svc:8080";
        assertThat(ServiceConfig.plainEnv(artie, Component.CAPABILITIES))
                .containsEntry("ARTIE_SEARCH_BACKEND", "searxng")
                .containsEntry("ARTIE_SEARCH_URL", search.url);
        assertThat(ServiceConfig.secretEnv(artie.getSpec(), Component.CAPABILITIES))
                .as("a key left in the spec is not referenced by a backend that reads none")
                .noneMatch(e -> e.name().equals("ARTIE_SEARCH_API_KEY"));
    }

    private static String hash(dev.artie.operator.crd.ArtieDeployment artie, Component c, SecretLookup lookup) {
        return ComponentDeployments.desired(artie, c, lookup, Fixtures.CONFIG_HASH)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(Labels.CONFIG_HASH);
    }

    private static EnvVar find(java.util.List<EnvVar> env, String name) {
        return env.stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static String value(java.util.List<EnvVar> env, String name) {
        return find(env, name).getValue();
    }
}
