package dev.artie.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.artie.operator.ArtieOperator;
import dev.artie.operator.ConfigHashKey;
import dev.artie.operator.Fixtures;
import dev.artie.operator.OperatorSettings;
import dev.artie.operator.RepoFiles;
import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.SecretKeyRef;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.ConfigHash;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.OfflineGuess;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator in-process against a real kube-apiserver, with FakeKubelet marking workloads ready. */
class OperatorOnApiServerTest {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final String OPERATOR_NAMESPACE = "default";
    private static KubeApi api;
    private static KubernetesClient client;
    private static ArtieOperator operator;
    private static FakeKubelet kubelet;

    @BeforeAll
    static void startOperator() throws Exception {
        api = KubeApi.get();
        client = api.newClient();
        CrdInstaller.install(client);
        kubelet = new FakeKubelet(client);
        operator =
                new ArtieOperator(api.newClient(), new OperatorSettings(0, Set.of(), false, OPERATOR_NAMESPACE, false));
        operator.start();
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            operator.close();
            kubelet.close();
            client.close();
        }
    }

    @Test
    void minimalExampleBecomesReadyWithHardenedChildrenAndPrinterColumns() throws Exception {
        String ns = namespace();
        createSecret(ns, "artie-model", Map.of("api-key", "sk-or-very-secret"));
        ArtieDeployment artie = applyExample(ns, "k8s/examples/minimal.yaml");

        awaitPhase(ns, "artie", "Ready");
        var apps = client.apps();
        assertThat(apps.statefulSets()
                        .inNamespace(ns)
                        .withName("artie-redis")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs())
                .containsSubsequence("--appendonly", "yes")
                .containsSubsequence("--maxmemory", "429496729", "--maxmemory-policy", "noeviction");
        assertThat(client.services()
                        .inNamespace(ns)
                        .withName("artie-redis")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .isEqualTo("None");
        assertThat(client.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(ns)
                        .withName("artie-redis")
                        .get())
                .isNotNull();
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(ns)
                        .withName("artie-capabilities-data")
                        .get())
                .isNotNull();
        assertThat(client.serviceAccounts()
                        .inNamespace(ns)
                        .withName("artie-artie")
                        .get()
                        .getAutomountServiceAccountToken())
                .isFalse();
        assertThat(client.configMaps()
                        .inNamespace(ns)
                        .withName("artie-config")
                        .get()
                        .getData())
                .containsEntry("http-chat.REDIS_URL", "redis://artie-redis." + ns + ".svc:6379")
                .doesNotContainValue("sk-or-very-secret");
        for (String name : List.of("artie-capabilities", "artie-http-chat")) {
            Deployment d = apps.deployments().inNamespace(ns).withName(name).get();
            var container = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
            assertThat(container.getStartupProbe()).isNotNull();
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .isTrue();
            assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
                    .isTrue();
            assertThat(client.services().inNamespace(ns).withName(name).get()).isNotNull();
        }
        var apiKey = apps
                .deployments()
                .inNamespace(ns)
                .withName("artie-capabilities")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv()
                .stream()
                .filter(e -> e.getName().equals("ARTIE_MODEL_API_KEY"))
                .findFirst()
                .orElseThrow();
        assertThat(apiKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("artie-model");
        assertThat(apps.deployments().inNamespace(ns).withName("artie-discord").get())
                .isNull();

        everyChildIsOwnedBy(ns, artie);

        var table = KubeCommands.run(
                api.binary("kubectl"),
                "--kubeconfig",
                api.kubeconfig().toString(),
                "get",
                "artiedeployments",
                "-n",
                ns);
        assertThat(table.exitCode()).as(table.output()).isZero();
        assertThat(table.output().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "AGE", "CHANNELS", "READY", "PHASE");
        assertThat(table.output()).containsPattern("artie\\s+\\S+\\s+http-chat\\s+True\\s+Ready");
    }

    @Test
    void everyPodTemplatePassesTheRestrictedPodSecurityAdmission() {
        String ns = namespace();
        client.namespaces().withName(ns).edit(n -> {
            n.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
            return n;
        });
        createSecret(ns, "artie-model", Map.of("api-key", "k"));
        applyExample(ns, "k8s/examples/minimal.yaml");
        awaitPhase(ns, "artie", "Ready");

        var templates = new ArrayList<io.fabric8.kubernetes.api.model.PodTemplateSpec>();
        client.apps()
                .deployments()
                .inNamespace(ns)
                .list()
                .getItems()
                .forEach(d -> templates.add(d.getSpec().getTemplate()));
        for (var set : client.apps().statefulSets().inNamespace(ns).list().getItems()) {
            // A StatefulSet's pods get their claim-template volumes from the controller; stand in with emptyDirs.
            var template = set.getSpec().getTemplate();
            set.getSpec()
                    .getVolumeClaimTemplates()
                    .forEach(claim -> template.getSpec()
                            .getVolumes()
                            .add(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                                    .withName(claim.getMetadata().getName())
                                    .withNewEmptyDir()
                                    .endEmptyDir()
                                    .build()));
            templates.add(template);
        }
        assertThat(templates).hasSize(3);
        for (var template : templates) {
            var pod = new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata()
                    .withGenerateName("psa-")
                    .withNamespace(ns)
                    .withLabels(template.getMetadata().getLabels())
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .build();
            // The PodSecurity admission plugin runs on dry-run requests too and refuses non-restricted pods.
            client.resource(pod).dryRun().create();
        }
        var privileged = new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("root")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build();
        assertThatThrownBy(() -> client.resource(privileged).dryRun().create())
                .hasMessageContaining("violates PodSecurity \"restricted");
    }

    @Test
    void kubectlExplainReadsTheFieldDescriptions() {
        var explain = KubeCommands.run(
                api.binary("kubectl"),
                "--kubeconfig",
                api.kubeconfig().toString(),
                "explain",
                "artiedeployment.spec.channels.discord");
        assertThat(explain.exitCode()).as(explain.output()).isZero();
        // kubectl wraps long descriptions.
        assertThat(explain.output().replaceAll("\\s+", " "))
                .contains("Discord bot (mentions and direct messages).")
                .contains("tokenSecretRef")
                .contains("Secret key holding the Discord bot token (ARTIE_DISCORD_TOKEN).");
    }

    @Test
    void kubectlExplainShowsTheIngress() {
        var explain = KubeCommands.run(
                api.binary("kubectl"),
                "--kubeconfig",
                api.kubeconfig().toString(),
                "explain",
                "artiedeployment.spec.channels.http.ingress");
        assertThat(explain.exitCode()).as(explain.output()).isZero();
        assertThat(explain.output().replaceAll("\\s+", " "))
                .contains("host <string> -required-")
                .contains("tlsSecretName <string>")
                .contains("cert-manager.io/cluster-issuer")
                .contains("ingressClassName <string>");
    }

    @Test
    void ingressesFollowTheSpecAndTheSmsUrlComesFromTheirTlsHost() {
        String ns = namespace();
        createSecret(ns, "artie-model", Map.of("api-key", "k"));
        createSecret(ns, "artie-http", Map.of("token", "t"));
        createSecret(ns, "artie-twilio", Map.of("account-sid", "AC1", "auth-token", "a"));
        var artie = applyExample(ns, "k8s/examples/ingress.yaml");
        awaitPhase(ns, "artie", "Ready");

        var ingresses = client.network().v1().ingresses().inNamespace(ns);
        var http = ingresses.withName("artie-http-chat").get();
        assertThat(http.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(http.getMetadata().getOwnerReferences())
                .extracting(r -> r.getKind() + "/" + r.getUid())
                .containsExactly("ArtieDeployment/"
                        + client.resource(artie).get().getMetadata().getUid());
        assertThat(http.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(http.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("artie.example.org");
            assertThat(tls.getSecretName()).isEqualTo("artie-example-org-tls");
        });
        var rule = http.getSpec().getRules().getFirst();
        assertThat(rule.getHost()).isEqualTo("artie.example.org");
        assertThat(rule.getHttp().getPaths())
                .as("the page and the API, not /health or /prometheus")
                .extracting(p -> p.getPathType() + " " + p.getPath())
                .contains("Exact /", "Prefix /api")
                .doesNotContain("Prefix /");
        assertThat(rule.getHttp().getPaths()).allSatisfy(path -> {
            assertThat(path.getBackend().getService().getName()).isEqualTo("artie-http-chat");
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        var sms = ingresses.withName("artie-sms").get();
        assertThat(sms.getSpec()
                        .getRules()
                        .getFirst()
                        .getHttp()
                        .getPaths()
                        .getFirst()
                        .getPath())
                .isEqualTo("/sms");
        assertThat(sms.getSpec()
                        .getRules()
                        .getFirst()
                        .getHttp()
                        .getPaths()
                        .getFirst()
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo("artie-sms");
        var config = client.configMaps().inNamespace(ns).withName("artie-config");
        assertThat(config.get().getData()).containsEntry("sms.ARTIE_SMS_PUBLIC_URL", "https://artie.example.org");

        // An explicit publicUrl wins; without its ingress the SMS Ingress goes.
        mergePatch(
                ns,
                "artie",
                "{\"spec\":{\"channels\":{\"sms\":{\"publicUrl\":\"https://hooks.example.net\",\"ingress\":null},"
                        + "\"http\":{\"ingress\":{\"tlsSecretName\":null,\"ingressClassName\":null}}}}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ingresses.withName("artie-sms").get()).isNull();
            assertThat(config.get().getData()).containsEntry("sms.ARTIE_SMS_PUBLIC_URL", "https://hooks.example.net");
            var plain = ingresses.withName("artie-http-chat").get();
            assertThat(plain.getSpec().getTls()).isEmpty();
            assertThat(plain.getSpec().getIngressClassName()).isNull();
        });

        mergePatch(ns, "artie", "{\"spec\":{\"channels\":{\"http\":{\"enabled\":false}}}}");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ingresses.list().getItems()).isEmpty());
        awaitPhase(ns, "artie", "Ready");
    }

    @Test
    void missingSecretKeyDegradesUntilTheKeyIsAdded() {
        String ns = namespace();
        createSecret(ns, "artie-model", Map.of("wrong-key", "sk-or-very-secret"));
        applyExample(ns, "k8s/examples/minimal.yaml");

        awaitPhase(ns, "artie", "Degraded");
        Condition capabilities = condition(ns, "artie", "CapabilitiesReady");
        assertThat(capabilities.getReason()).isEqualTo("Degraded");
        assertThat(capabilities.getMessage()).isEqualTo("secret artie-model has no key api-key");
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(
                        get(ns, "artie").getStatus()))
                .doesNotContain("sk-or-very-secret");

        createSecret(ns, "artie-model", Map.of("api-key", "sk-or-very-secret"));
        awaitPhase(ns, "artie", "Ready");
    }

    @Test
    void changingAReferencedSecretOrTheSpecChangesOnlyTheAffectedPodTemplateHash() {
        String ns = readyMinimalExample("one");
        String capabilities = hash(ns, "artie-capabilities");
        String http = hash(ns, "artie-http-chat");

        createSecret(ns, "artie-model", Map.of("api-key", "two"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !hash(ns, "artie-capabilities").equals(capabilities));
        assertThat(hash(ns, "artie-http-chat")).isEqualTo(http);

        String afterSecret = hash(ns, "artie-capabilities");
        mergePatch(ns, "artie", "{\"spec\":{\"capabilities\":{\"model\":{\"baseUrl\":\"http://ollama:11434/v1\"}}}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !hash(ns, "artie-capabilities").equals(afterSecret));
    }

    @Test
    void configHashIsKeyedSoAGuessedSecretValueCannotBeTestedAgainstIt() {
        String ns = readyMinimalExample("sk-or-guessable");
        String annotation = hash(ns, "artie-capabilities");
        assertThat(annotation)
                .as("the unkeyed SHA-256 anyone reading the Deployment could test guesses with")
                .isNotEqualTo(OfflineGuess.unkeyedHash(get(ns, "artie"), Component.CAPABILITIES, "sk-or-guessable"));
        var key = client.secrets()
                .inNamespace(OPERATOR_NAMESPACE)
                .withName(ConfigHashKey.SECRET_NAME)
                .get();
        assertThat(key.getImmutable()).isTrue();

        // The same value written again (a new resourceVersion) rolls nothing; the spec change of another
        // component is there to know the operator has reconciled since.
        var rewritten = Fixtures.secret("artie-model", ns, Map.of("api-key", "sk-or-guessable"));
        rewritten.getMetadata().setLabels(Map.of("rotated-by", "a-tool"));
        client.resource(rewritten).forceConflicts().serverSideApply();
        mergePatch(ns, "artie", "{\"spec\":{\"channels\":{\"http\":{\"replicas\":2}}}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("artie-http-chat")
                                .get()
                                .getSpec()
                                .getReplicas()
                        == 2);
        awaitPhase(ns, "artie", "Ready");
        assertThat(hash(ns, "artie-capabilities")).isEqualTo(annotation);

        createSecret(ns, "artie-model", Map.of("api-key", "sk-or-rotated"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !hash(ns, "artie-capabilities").equals(annotation));
    }

    @Test
    void configHashKeyIsCreatedOnceAndKeptAcrossStarts() {
        String ns = namespace();
        var artie = Fixtures.minimal("a", ns);
        var first = keyedHash(ConfigHashKey.loadOrCreate(client, ns), artie);
        assertThat(keyedHash(ConfigHashKey.loadOrCreate(client, ns), artie)).isEqualTo(first);
        client.secrets()
                .inNamespace(ns)
                .withName(ConfigHashKey.SECRET_NAME)
                .withGracePeriod(0)
                .delete();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.secrets()
                                .inNamespace(ns)
                                .withName(ConfigHashKey.SECRET_NAME)
                                .get()
                        == null);
        assertThat(keyedHash(ConfigHashKey.loadOrCreate(client, ns), artie))
                .as("a new key")
                .isNotEqualTo(first);
    }

    @Test
    void disablingAChannelDeletesItsObjects() {
        String ns = namespace();
        createSecret(ns, "artie-model", Map.of("api-key", "k"));
        createSecret(ns, "artie-discord", Map.of("token", "t"));
        var artie = Fixtures.minimal("artie", ns);
        artie.getMetadata().setGeneration(null);
        artie.getSpec().channels.discord.enabled = true;
        artie.getSpec().channels.discord.tokenSecretRef = new SecretKeyRef("artie-discord", "token");
        client.resource(artie).create();
        awaitPhase(ns, "artie", "Ready");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("artie-discord")
                        .get())
                .isNotNull();
        assertThat(get(ns, "artie").getStatus().channels).isEqualTo("http-chat,discord");

        mergePatch(ns, "artie", "{\"spec\":{\"channels\":{\"discord\":{\"enabled\":false}}}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName("artie-discord")
                            .get())
                    .isNull();
            assertThat(client.services()
                            .inNamespace(ns)
                            .withName("artie-discord")
                            .get())
                    .isNull();
        });
        awaitPhase(ns, "artie", "Ready");
        assertThat(get(ns, "artie").getStatus().conditions)
                .extracting(Condition::getType)
                .doesNotContain("DiscordReady");
    }

    @Test
    void changedRedisPersistenceKeepsTheClaimTemplateAppliesTheRestAndSaysHowToRecreate() {
        String ns = readyMinimalExample("k");

        mergePatch(
                ns,
                "artie",
                "{\"spec\":{\"redis\":{\"managed\":{\"image\":\"redis:7.4.1-alpine\",\"persistence\":{\"size\":\"2Gi\"}}}}}");
        awaitPhase(ns, "artie", "Degraded");
        assertThat(condition(ns, "artie", "RedisReady").getMessage())
                .contains("asks for a 2Gi claim but the StatefulSet has a 1Gi claim")
                .contains("kubectl -n " + ns + " delete statefulset artie-redis --cascade=orphan")
                .contains("data-artie-redis-0");
        assertThat(condition(ns, "artie", "Ready").getMessage()).doesNotContain("reconcile failed");
        var redis = client.apps().statefulSets().inNamespace(ns).withName("artie-redis");
        assertThat(redis.get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getImage())
                .as("the rest of the spec is applied")
                .isEqualTo("redis:7.4.1-alpine");
        assertThat(claimSize(redis.get())).isEqualTo("1Gi");

        // What the message says; the test API server has no garbage collector to orphan the pod, so a plain
        // delete stands in for --cascade=orphan.
        redis.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                .delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> redis.get() != null && claimSize(redis.get()).equals("2Gi"));
        awaitPhase(ns, "artie", "Ready");
    }

    @Test
    void switchingMemoryOffKeepsTheClaimUntilDeleteDataAsks() {
        String ns = readyMinimalExample("k");
        var claim = client.persistentVolumeClaims().inNamespace(ns).withName("artie-capabilities-data");
        assertThat(claim.get()).isNotNull();

        mergePatch(ns, "artie", "{\"spec\":{\"capabilities\":{\"memory\":{\"enabled\":false}}}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> dataVolume(ns).getEmptyDir() != null);
        awaitPhase(ns, "artie", "Ready");
        assertThat(claim.get()).as("the memories stay").isNotNull();
        assertThat(claim.get().getMetadata().getDeletionTimestamp()).isNull();

        mergePatch(ns, "artie", "{\"spec\":{\"capabilities\":{\"memory\":{\"deleteData\":true}}}}");
        // Deleted, though the pvc-protection finalizer (removed by a controller the test API server lacks) keeps it
        // visible.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> claim.get() == null || claim.get().getMetadata().getDeletionTimestamp() != null);
    }

    @Test
    void postgresMemoryScalesCapabilitiesWithARollingUpdateAndADisruptionBudgetAndSqliteTakesThemAway() {
        String ns = readyMinimalExample("k");
        createSecret(ns, "memory-db", Map.of("jdbc-uri", "jdbc:postgresql://db:5432/app?user=app&password=p"));
        mergePatch(ns, "artie", """
        {"spec":{"capabilities":{"replicas":3,"memory":{"store":"postgres",
          "postgres":{"urlSecretRef":{"name":"memory-db","key":"jdbc-uri"}}}}}}""");

        var deployment = client.apps().deployments().inNamespace(ns).withName("artie-capabilities");
        var budget = client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("artie-capabilities");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(deployment.get().getSpec().getReplicas()).isEqualTo(3);
            assertThat(budget.get()).isNotNull();
        });
        var spec = deployment.get().getSpec();
        assertThat(spec.getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(spec.getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                .isZero();
        assertThat(budget.get().getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.get().getSpec().getSelector().getMatchLabels())
                .isEqualTo(spec.getSelector().getMatchLabels());
        var env = spec.getTemplate().getSpec().getContainers().getFirst().getEnv();
        assertThat(env)
                .filteredOn(e -> e.getName().equals("ARTIE_MEMORY_POSTGRES_URL"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("memory-db");
                });
        assertThat(dataVolume(ns).getEmptyDir())
                .as("no memory on the pod's volume")
                .isNotNull();
        assertThat(client.configMaps()
                        .inNamespace(ns)
                        .withName("artie-config")
                        .get()
                        .getData()
                        .toString())
                .doesNotContain("password=p");
        awaitPhase(ns, "artie", "Ready");

        mergePatch(ns, "artie", "{\"spec\":{\"capabilities\":{\"replicas\":1,\"memory\":{\"store\":\"sqlite\"}}}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(budget.get()).isNull();
            assertThat(deployment.get().getSpec().getStrategy().getType()).isEqualTo("Recreate");
            assertThat(dataVolume(ns).getPersistentVolumeClaim().getClaimName()).isEqualTo("artie-capabilities-data");
        });
    }

    @Test
    void aStoredResourceBreakingTheReplicaLimitsIsRefusedByTheReconcilerToo() {
        String ns = namespace();
        createSecret(ns, "artie-model", Map.of("api-key", "k"));
        var artie = Fixtures.minimal("artie", ns);
        artie.getMetadata().setGeneration(null);
        artie.getSpec().capabilities.replicas = 2;
        // As if stored before the CEL rule existed (or with validation bypassed).
        CrdInstaller.installWithoutRules(client, rule -> rule.contains("self.replicas <= 1"));
        try {
            // The API server takes the new schema a moment after the update is stored.
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptionsInstanceOf(KubernetesClientException.class)
                    .until(() -> client.resource(artie).create() != null);
        } finally {
            CrdInstaller.install(client);
        }

        awaitPhase(ns, "artie", "Degraded");
        assertThat(condition(ns, "artie", "Ready").getMessage())
                .startsWith("spec refused, nothing changed: capabilities.replicas must be 0 or 1")
                .endsWith("(it is 2)");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("artie-capabilities")
                        .get())
                .isNull();

        mergePatch(ns, "artie", "{\"spec\":{\"capabilities\":{\"replicas\":1}}}");
        awaitPhase(ns, "artie", "Ready");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("artie-capabilities")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(1);
    }

    @Test
    void invalidResourcesAreRefusedWithReadableMessages() {
        String ns = namespace();
        assertThat(refusal(ns, """
        spec:
          channels:
            discord: {enabled: true}
        """))
                .contains("channels.discord.tokenSecretRef is required when channels.discord.enabled is true");
        assertThat(refusal(ns, """
        spec:
          channels:
            http: {replicas: -1}
        """)).contains("spec.channels.http.replicas").contains("greater than or equal to 0");
        assertThat(refusal(ns, """
        spec:
          capabilities: {replicas: 2}
        """))
                .contains("capabilities.replicas must be 0 or 1 unless capabilities.memory.store is postgres");
        assertThat(refusal(ns, """
        spec:
          capabilities: {replicas: 2, memory: {store: postgres}}
        """))
                .contains(
                        "capabilities.memory.postgres.urlSecretRef is needed when capabilities.memory.store is postgres");
        assertThat(refusal(ns, """
        spec:
          capabilities: {memory: {store: mysql}}
        """)).contains("spec.capabilities.memory.store");
        assertThat(refusal(ns, """
        spec:
          redis: {mode: external}
        """)).contains("redis.external.urlSecretRef is required when redis.mode is external");
        assertThat(refusal(ns, """
        spec:
          channels:
            discord: {enabled: true, replicas: 2, tokenSecretRef: {name: d, key: token}}
        """)).contains("channels.discord.replicas must be 0 or 1");
        String sms = "sms: {enabled: true, fromNumber: '+15550100000', accountSidSecretRef: {name: t, key: sid},"
                + " authTokenSecretRef: {name: t, key: token}";
        String noUrl = "channels.sms needs publicUrl, or an ingress with tlsSecretName to derive it from, when enabled:"
                + " Twilio must reach an https URL";
        assertThat(refusal(ns, "spec:\n  channels:\n    " + sms + "}\n")).contains(noUrl);
        assertThat(refusal(ns, "spec:\n  channels:\n    " + sms + ", ingress: {host: artie.example.org}}\n"))
                .contains(noUrl);
        assertThat(refusal(ns, """
        spec:
          channels:
            http: {ingress: {host: artie.example.org}}
        """)).contains("channels.http.ingress needs apiTokenSecretRef or oidc");
        String oidc = "oidc: {issuer: 'https://id.example.org', audience: artie-api, clientId: artie-page}";
        assertThat(refusal(
                        ns, "spec:\n  channels:\n    http: {apiTokenSecretRef: {name: t, key: token}, " + oidc + "}\n"))
                .contains(
                        "channels.http takes apiTokenSecretRef (one shared token) or oidc (signed-in people), not both");
        assertThat(refusal(ns, "spec:\n  channels:\n    http: {oidc: {issuer: 'https://id.example.org'}}\n"))
                .contains("spec.channels.http.oidc.audience: Required value");
        assertThat(refusal(ns, """
        spec:
          channels:
            http: {apiTokenSecretRef: {name: t, key: token}, ingress: {tlsSecretName: tls}}
        """)).contains("spec.channels.http.ingress.host: Required value");
        assertThat(refusal(ns, """
        spec:
          channels:
            http: {apiTokenSecretRef: {name: t, key: token}, ingress: {host: "*.example.org"}}
        """)).contains("spec.channels.http.ingress.host");
    }

    @Test
    void operatorServesMetricsAndHealth() throws Exception {
        String ns = readyMinimalExample("k");
        var http = HttpClient.newHttpClient();
        String base = "http://localhost:" + operator.opsPort();
        var metrics = http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("reconciliations_success_total")
                .contains("jvm_memory_used_bytes")
                .contains("artie_operator_resource_ready{name=\"artie\",namespace=\"" + ns + "\"} 1.0");
        var ready = http.send(
                HttpRequest.newBuilder(URI.create(base + "/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void serviceMonitorIsCreatedOnceThePrometheusOperatorCrdExists() {
        var crd = client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .load(new ByteArrayInputStream("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: servicemonitors.monitoring.coreos.com}
        spec:
          group: monitoring.coreos.com
          scope: Namespaced
          names: {kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor}
          versions:
            - name: v1
              served: true
              storage: true
              schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """.getBytes(StandardCharsets.UTF_8)))
                .item();
        client.resource(crd).serverSideApply();
        String ns = namespace();
        createSecret(ns, "artie-model", Map.of("api-key", "k"));
        var artie = applyExample(ns, "k8s/examples/minimal.yaml");

        var serviceMonitors = client.genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
                .inNamespace(ns);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(serviceMonitors.withName("artie-artie").get())
                                .isNotNull());
        var monitor = serviceMonitors.withName("artie-artie").get();
        assertThat(monitor.getMetadata().getOwnerReferences())
                .extracting(r -> r.getUid())
                .containsExactly(client.resource(artie).get().getMetadata().getUid());
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(
                        monitor.getAdditionalProperties().get("spec")))
                .contains("/prometheus")
                .contains("\"port\":\"http\"");

        // A dependent with its own informer: a deleted ServiceMonitor is put back without any change to the resource.
        serviceMonitors.withName("artie-artie").delete();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(serviceMonitors.withName("artie-artie").get())
                                .isNotNull()
                                .satisfies(m -> assertThat(m.getMetadata().getUid())
                                        .isNotEqualTo(monitor.getMetadata().getUid())));
    }

    private static String refusal(String ns, String specYaml) {
        String yaml = "apiVersion: artie.dev/v1alpha1\nkind: ArtieDeployment\nmetadata: {name: bad}\n" + specYaml;
        var bad = Fixtures.fromYaml(yaml);
        bad.getMetadata().setNamespace(ns);
        var refused = new ArrayList<String>();
        assertThatThrownBy(() -> client.resource(bad).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> refused.add(e.getMessage()));
        return refused.getFirst();
    }

    private static void everyChildIsOwnedBy(String ns, ArtieDeployment artie) {
        String uid = client.resource(artie).get().getMetadata().getUid();
        List<HasMetadata> children = new ArrayList<>();
        String selector = Labels.MANAGED_SELECTOR;
        children.addAll(client.apps()
                .deployments()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        children.addAll(client.apps()
                .statefulSets()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        children.addAll(client.services()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        children.addAll(client.configMaps()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        children.addAll(client.serviceAccounts()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        children.addAll(client.persistentVolumeClaims()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        children.addAll(client.network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        children.addAll(client.network()
                .v1()
                .ingresses()
                .inNamespace(ns)
                .withLabelSelector(selector)
                .list()
                .getItems());
        assertThat(children)
                .extracting(c -> c.getKind() + "/" + c.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "Deployment/artie-capabilities",
                        "Deployment/artie-http-chat",
                        "StatefulSet/artie-redis",
                        "Service/artie-capabilities",
                        "Service/artie-http-chat",
                        "Service/artie-redis",
                        "ConfigMap/artie-config",
                        "ServiceAccount/artie-artie",
                        "PersistentVolumeClaim/artie-capabilities-data",
                        "NetworkPolicy/artie-redis");
        // Garbage collection itself needs kube-controller-manager, which the test API server lacks; the owner
        // reference is what it acts on.
        for (HasMetadata child : children) {
            assertThat(child.getMetadata().getOwnerReferences())
                    .as(child.getKind() + " " + child.getMetadata().getName())
                    .extracting(r -> r.getKind() + "/" + r.getUid())
                    .containsExactly("ArtieDeployment/" + uid);
        }
    }

    /** A merge patch carries no resourceVersion, so the operator's concurrent status writes cannot make it conflict. */
    private static void mergePatch(String ns, String name, String json) {
        client.resources(ArtieDeployment.class)
                .inNamespace(ns)
                .withName(name)
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        json);
    }

    private static String keyedHash(ConfigHash configHash, ArtieDeployment artie) {
        var component = Component.CAPABILITIES;
        return configHash.of(
                artie,
                ServiceConfig.plainEnv(artie, component),
                ServiceConfig.secretEnv(artie.getSpec(), component),
                name -> java.util.Optional.empty());
    }

    /** A new namespace with the model Secret and k8s/examples/minimal.yaml, reconciled to Ready. */
    private static String readyMinimalExample(String apiKey) {
        String ns = namespace();
        createSecret(ns, "artie-model", Map.of("api-key", apiKey));
        applyExample(ns, "k8s/examples/minimal.yaml");
        awaitPhase(ns, "artie", "Ready");
        return ns;
    }

    private static String claimSize(io.fabric8.kubernetes.api.model.apps.StatefulSet set) {
        return set.getSpec()
                .getVolumeClaimTemplates()
                .getFirst()
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString();
    }

    private static io.fabric8.kubernetes.api.model.Volume dataVolume(String ns) {
        return client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("artie-capabilities")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .stream()
                .filter(v -> v.getName().equals("data"))
                .findFirst()
                .orElseThrow();
    }

    private static String hash(String ns, String deployment) {
        return client.apps()
                .deployments()
                .inNamespace(ns)
                .withName(deployment)
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(Labels.CONFIG_HASH);
    }

    private static ArtieDeployment applyExample(String ns, String path) {
        var artie = client.resources(ArtieDeployment.class)
                .load(new ByteArrayInputStream(RepoFiles.read(path).getBytes(StandardCharsets.UTF_8)))
                .item();
        artie.getMetadata().setNamespace(ns);
        return client.resource(artie).create();
    }

    static ArtieDeployment get(String ns, String name) {
        return client.resources(ArtieDeployment.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    private static Condition condition(String ns, String name, String type) {
        return get(ns, name).getStatus().conditions.stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private static void awaitPhase(String ns, String name, String phase) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    var artie = get(ns, name);
                    assertThat(artie.getStatus()).as("status of " + name).isNotNull();
                    assertThat(artie.getStatus().phase)
                            .as(String.valueOf(artie.getStatus().conditions))
                            .isEqualTo(phase);
                    assertThat(artie.getStatus().observedGeneration)
                            .isEqualTo(artie.getMetadata().getGeneration());
                });
    }

    private static void createSecret(String ns, String name, Map<String, String> data) {
        Secret secret = Fixtures.secret(name, ns, data);
        client.resource(secret).forceConflicts().serverSideApply();
    }

    private static String namespace() {
        String ns = "it-" + NAMESPACES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        return ns;
    }
}
