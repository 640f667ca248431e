package dev.artie.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.Fixtures;
import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentStatus;
import dev.artie.operator.crd.ExternalRedisSpec;
import dev.artie.operator.crd.SecretKeyRef;
import dev.artie.operator.dependent.ComponentDeployments;
import dev.artie.operator.dependent.RedisStatefulSetDependent;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.SecretLookup;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
    private final Map<String, Secret> secrets = new HashMap<>();
    private final SecretLookup lookup = name -> Optional.ofNullable(secrets.get(name));
    private final StatusAggregator aggregator =
            new StatusAggregator(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void readyWhenEveryWorkloadIsReadyAndSecretsExist() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("api-key", "sk-secret")));
        var artie = Fixtures.minimal("a", "ns");
        var status = aggregator.status(artie, readyDeployments(artie), Optional.of(readyRedis(artie)), lookup);

        assertThat(status.phase).isEqualTo("Ready");
        assertThat(status.channels).isEqualTo("http-chat");
        assertThat(status.observedGeneration).isEqualTo(1L);
        assertThat(status.conditions)
                .extracting(Condition::getType)
                .containsExactly("RedisReady", "CapabilitiesReady", "HttpChatReady", "Ready");
        assertThat(status.conditions).allSatisfy(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getObservedGeneration()).isEqualTo(1L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        });
    }

    @Test
    void missingSecretKeyDegradesTheComponentNamingSecretAndKeyButNoValue() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("other", "sk-secret")));
        var artie = Fixtures.minimal("a", "ns");
        var status = aggregator.status(artie, readyDeployments(artie), Optional.of(readyRedis(artie)), lookup);

        assertThat(status.phase).isEqualTo("Degraded");
        Condition capabilities = condition(status, "CapabilitiesReady");
        assertThat(capabilities.getStatus()).isEqualTo("False");
        assertThat(capabilities.getReason()).isEqualTo("Degraded");
        assertThat(capabilities.getMessage()).isEqualTo("secret artie-model has no key api-key");
        assertThat(condition(status, "Ready").getMessage())
                .contains("CapabilitiesReady: secret artie-model has no key api-key");
        assertThat(condition(status, "HttpChatReady").getStatus()).isEqualTo("True");
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(status))
                .doesNotContain("sk-secret");
    }

    @Test
    void missingSecretIsNamed() {
        var artie = Fixtures.minimal("a", "ns");
        var status = aggregator.status(artie, readyDeployments(artie), Optional.of(readyRedis(artie)), lookup);
        assertThat(condition(status, "CapabilitiesReady").getMessage()).isEqualTo("secret artie-model not found");
    }

    @Test
    void progressingUntilTheControllerObservedTheGenerationAndReplicasAreReady() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("api-key", "k")));
        var artie = Fixtures.minimal("a", "ns");
        var deployments = readyDeployments(artie);
        deployments.get("a-http-chat").getStatus().setReadyReplicas(0);
        deployments.get("a-capabilities").getMetadata().setGeneration(3L);
        var status = aggregator.status(artie, deployments, Optional.empty(), lookup);

        assertThat(status.phase).isEqualTo("Progressing");
        assertThat(condition(status, "HttpChatReady").getMessage())
                .isEqualTo("Deployment a-http-chat: 0/1 replicas ready");
        assertThat(condition(status, "CapabilitiesReady").getMessage())
                .isEqualTo("Deployment a-capabilities rolling out");
        assertThat(condition(status, "RedisReady").getMessage()).isEqualTo("StatefulSet not created yet");
    }

    @Test
    void transitionTimeKeptWhileAConditionDoesNotChange() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("api-key", "k")));
        var artie = Fixtures.minimal("a", "ns");
        var earlier = new StatusAggregator(Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
        artie.setStatus(earlier.status(artie, readyDeployments(artie), Optional.empty(), lookup));
        var status = aggregator.status(artie, readyDeployments(artie), Optional.of(readyRedis(artie)), lookup);

        assertThat(condition(status, "CapabilitiesReady").getLastTransitionTime())
                .isEqualTo("2025-06-01T00:00:00Z");
        assertThat(condition(status, "RedisReady").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void externalRedisWithAPlainUrlWhileTlsIsRequiredIsDegraded() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("api-key", "k")));
        secrets.put("redis", Fixtures.secret("redis", "ns", Map.of("url", "redis://:hunter2@cache:6379")));
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().redis.mode = "external";
        artie.getSpec().redis.external = new ExternalRedisSpec();
        artie.getSpec().redis.external.urlSecretRef = new SecretKeyRef("redis", "url");
        var status = aggregator.status(artie, readyDeployments(artie), Optional.empty(), lookup);

        assertThat(condition(status, "RedisReady").getMessage())
                .isEqualTo("secret redis key url holds a redis:// URL but redis.external.tls is true (use rediss://)")
                .doesNotContain("hunter2");
        secrets.put("redis", Fixtures.secret("redis", "ns", Map.of("url", "rediss://:hunter2@cache:6379")));
        assertThat(condition(aggregator.status(artie, readyDeployments(artie), Optional.empty(), lookup), "RedisReady")
                        .getStatus())
                .isEqualTo("True");
    }

    @Test
    void enabledDiscordWithoutItsSecretIsDegradedAndListedAsChannel() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("api-key", "k")));
        var artie = Fixtures.minimal("a", "ns");
        artie.getSpec().channels.discord.enabled = true;
        artie.getSpec().channels.discord.tokenSecretRef = new SecretKeyRef("artie-discord", "token");
        var status = aggregator.status(artie, readyDeployments(artie), Optional.of(readyRedis(artie)), lookup);

        assertThat(status.channels).isEqualTo("http-chat,discord");
        assertThat(condition(status, "DiscordReady").getMessage()).isEqualTo("secret artie-discord not found");
        assertThat(status.phase).isEqualTo(ArtieDeploymentStatus.DEGRADED);
    }

    @Test
    void failedReconcileKeepsComponentConditionsAndDegradesReadyWithTheCause() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("api-key", "k")));
        var artie = Fixtures.minimal("a", "ns");
        artie.setStatus(aggregator.status(artie, readyDeployments(artie), Optional.of(readyRedis(artie)), lookup));
        var status = aggregator.failed(artie, "failed to allocate a serviceIP: range is full");

        assertThat(status.phase).isEqualTo("Degraded");
        assertThat(condition(status, "Ready").getMessage())
                .isEqualTo("reconcile failed: failed to allocate a serviceIP: range is full");
        assertThat(condition(status, "CapabilitiesReady").getStatus()).isEqualTo("True");
    }

    @Test
    void redisPersistenceTheStatefulSetCannotTakeDegradesRedisWithWhatToDo() {
        secrets.put("artie-model", Fixtures.secret("artie-model", "ns", Map.of("api-key", "sk-secret")));
        var artie = Fixtures.minimal("a", "ns");
        var redis = readyRedis(artie);
        redis.getMetadata().setNamespace("ns");
        artie.getSpec().redis.managed.persistence.enabled = false;
        var status = aggregator.status(artie, readyDeployments(artie), Optional.of(redis), lookup);

        assertThat(status.phase).isEqualTo("Degraded");
        assertThat(condition(status, "RedisReady").getMessage())
                .startsWith(
                        "redis.managed.persistence asks for no claim (an emptyDir) but the StatefulSet has a 1Gi claim")
                .contains("kubectl -n ns delete statefulset a-redis --cascade=orphan")
                .endsWith("The claim data-a-redis-0 stays, unused: delete it when its data is no longer needed.");
    }

    @Test
    void refusedSpecKeepsTheComponentConditionsAndSaysWhy() {
        var artie = Fixtures.minimal("a", "ns");
        var status =
                aggregator.refused(artie, java.util.List.of("channels.email.replicas must be 0 or 1: ... (it is 3)"));
        assertThat(status.phase).isEqualTo("Degraded");
        assertThat(condition(status, "Ready").getMessage())
                .isEqualTo("spec refused, nothing changed: channels.email.replicas must be 0 or 1: ... (it is 3)");
    }

    private static Condition condition(ArtieDeploymentStatus status, String type) {
        return status.conditions.stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private Map<String, Deployment> readyDeployments(ArtieDeployment artie) {
        var map = new HashMap<String, Deployment>();
        for (Component c : Component.values()) {
            if (c.enabled(artie.getSpec())) {
                Deployment d = ComponentDeployments.desired(artie, c, lookup, Fixtures.CONFIG_HASH);
                d.getMetadata().setGeneration(1L);
                d.setStatus(new DeploymentStatusBuilder()
                        .withObservedGeneration(1L)
                        .withReplicas(1)
                        .withReadyReplicas(1)
                        .withUpdatedReplicas(1)
                        .withAvailableReplicas(1)
                        .build());
                map.put(d.getMetadata().getName(), d);
            }
        }
        return map;
    }

    private static StatefulSet readyRedis(ArtieDeployment artie) {
        StatefulSet set = RedisStatefulSetDependent.build(artie);
        set.getMetadata().setGeneration(1L);
        set.setStatus(new StatefulSetStatusBuilder()
                .withObservedGeneration(1L)
                .withReplicas(1)
                .withReadyReplicas(1)
                .withUpdatedReplicas(1)
                .build());
        return set;
    }
}
