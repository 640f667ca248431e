package dev.artie.operator.status;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentStatus;
import dev.artie.operator.crd.ExternalRedisSpec;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.RedisPersistence;
import dev.artie.operator.workload.SecretLookup;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the observed children and the referenced Secrets into the status: one condition per component,
 * Ready for the whole, and the phase (worst of the components).
 */
public final class StatusAggregator {
    public static final String REDIS_CONDITION = "RedisReady";
    private final Clock clock;

    public StatusAggregator(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param deployments the component Deployments by name
     * @param redis the managed Redis StatefulSet, if any
     */
    public ArtieDeploymentStatus status(
            ArtieDeployment primary,
            Map<String, Deployment> deployments,
            Optional<StatefulSet> redis,
            SecretLookup secrets) {
        var states = new ArrayList<ComponentCondition>();
        states.add(redisState(primary, redis, secrets));
        var spec = primary.getSpec();
        for (Component component : Component.values()) {
            if (component.enabled(spec)) {
                var problems = SecretChecker.problems(ServiceConfig.secretEnv(spec, component), secrets);
                states.add(
                        problems.isEmpty()
                                ? workloadState(
                                        component.conditionType(),
                                        WorkloadReadiness.notReadyReason(
                                                deployments.get(component.objectName(primary))))
                                : degraded(component.conditionType(), String.join("; ", problems)));
            }
        }
        states.add(overall(states));

        var status = new ArtieDeploymentStatus();
        status.observedGeneration = primary.getMetadata().getGeneration();
        status.phase = states.getLast().reason();
        status.channels = enabledChannels(primary);
        status.conditions = conditions(states, primary, previous(primary));
        return status;
    }

    /**
     * Status after a failed reconcile (e.g. the API server refused a child): the components keep their last
     * conditions, Ready turns Degraded with the cause, so `kubectl get` shows it instead of a stale Ready.
     */
    public ArtieDeploymentStatus failed(ArtieDeployment primary, String cause) {
        return degradedKeepingComponents(primary, "reconcile failed: " + cause);
    }

    /** Status of a spec the reconciler refuses to apply (its children stay as they were). */
    public ArtieDeploymentStatus refused(ArtieDeployment primary, List<String> violations) {
        return degradedKeepingComponents(primary, "spec refused, nothing changed: " + String.join("; ", violations));
    }

    private ArtieDeploymentStatus degradedKeepingComponents(ArtieDeployment primary, String message) {
        var previous = primary.getStatus() == null ? List.<Condition>of() : primary.getStatus().conditions;
        var states = new ArrayList<ComponentCondition>();
        previous.stream()
                .filter(c -> !"Ready".equals(c.getType()))
                .forEach(c -> states.add(new ComponentCondition(c.getType(), c.getReason(), c.getMessage())));
        states.add(new ComponentCondition("Ready", ArtieDeploymentStatus.DEGRADED, message));
        var status = new ArtieDeploymentStatus();
        status.observedGeneration = primary.getMetadata().getGeneration();
        status.phase = ArtieDeploymentStatus.DEGRADED;
        status.channels = enabledChannels(primary);
        status.conditions = conditions(states, primary, previous(primary));
        return status;
    }

    private ComponentCondition redisState(ArtieDeployment primary, Optional<StatefulSet> redis, SecretLookup secrets) {
        if (primary.getSpec().redis.managedByOperator()) {
            return redis.flatMap(set -> RedisPersistence.pendingChange(primary, set))
                    .map(change -> degraded(REDIS_CONDITION, change))
                    .orElseGet(
                            () -> workloadState(REDIS_CONDITION, WorkloadReadiness.notReadyReason(redis.orElse(null))));
        }
        ExternalRedisSpec external = primary.getSpec().redis.external;
        var problem = SecretChecker.problem(external.urlSecretRef, secrets)
                .or(() -> SecretChecker.redisSchemeProblem(external.urlSecretRef, external.tls, secrets));
        return problem.map(p -> degraded(REDIS_CONDITION, p))
                .orElseGet(() -> new ComponentCondition(
                        REDIS_CONDITION, ArtieDeploymentStatus.READY, "external Redis URL configured"));
    }

    private static ComponentCondition workloadState(String type, String notReady) {
        return notReady == null
                ? new ComponentCondition(type, ArtieDeploymentStatus.READY, "all replicas ready")
                : new ComponentCondition(type, ArtieDeploymentStatus.PROGRESSING, notReady);
    }

    private static ComponentCondition degraded(String type, String message) {
        return new ComponentCondition(type, ArtieDeploymentStatus.DEGRADED, message);
    }

    private static ComponentCondition overall(List<ComponentCondition> states) {
        var degraded = states.stream()
                .filter(s -> ArtieDeploymentStatus.DEGRADED.equals(s.reason()))
                .toList();
        var notReady = states.stream().filter(s -> !s.ready()).toList();
        if (!degraded.isEmpty()) {
            return new ComponentCondition("Ready", ArtieDeploymentStatus.DEGRADED, summary(degraded));
        }
        if (!notReady.isEmpty()) {
            return new ComponentCondition("Ready", ArtieDeploymentStatus.PROGRESSING, summary(notReady));
        }
        return new ComponentCondition("Ready", ArtieDeploymentStatus.READY, "all components ready");
    }

    private static String summary(List<ComponentCondition> states) {
        return states.stream().map(s -> s.type() + ": " + s.message()).collect(Collectors.joining("; "));
    }

    private static String enabledChannels(ArtieDeployment primary) {
        return java.util.Arrays.stream(Component.values())
                .filter(c -> c.isChannel() && c.enabled(primary.getSpec()))
                .map(Component::id)
                .collect(Collectors.joining(","));
    }

    private static Map<String, Condition> previous(ArtieDeployment primary) {
        var status = primary.getStatus();
        if (status == null || status.conditions == null) {
            return Map.of();
        }
        return status.conditions.stream()
                .collect(Collectors.toMap(Condition::getType, Function.identity(), (a, b) -> b));
    }

    /** lastTransitionTime moves only when a condition's status or reason changes. */
    private List<Condition> conditions(
            List<ComponentCondition> states, ArtieDeployment primary, Map<String, Condition> previous) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        return states.stream()
                .map(state -> {
                    String status = state.ready() ? "True" : "False";
                    Condition before = previous.get(state.type());
                    boolean unchanged = before != null
                            && status.equals(before.getStatus())
                            && state.reason().equals(before.getReason());
                    return new ConditionBuilder()
                            .withType(state.type())
                            .withStatus(status)
                            .withReason(state.reason())
                            .withMessage(state.message())
                            .withObservedGeneration(primary.getMetadata().getGeneration())
                            .withLastTransitionTime(unchanged ? before.getLastTransitionTime() : now)
                            .build();
                })
                .toList();
    }
}
