package dev.artie.operator.reconciler;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentStatus;
import dev.artie.operator.dependent.CapabilitiesDisruptionBudgetDependent;
import dev.artie.operator.dependent.CapabilitiesVolumeDependent;
import dev.artie.operator.dependent.ComponentDeployments;
import dev.artie.operator.dependent.ComponentIngresses;
import dev.artie.operator.dependent.ComponentServices;
import dev.artie.operator.dependent.ConfigMapDependent;
import dev.artie.operator.dependent.Preconditions;
import dev.artie.operator.dependent.RedisNetworkPolicyDependent;
import dev.artie.operator.dependent.RedisServiceDependent;
import dev.artie.operator.dependent.RedisStatefulSetDependent;
import dev.artie.operator.dependent.SecretCache;
import dev.artie.operator.dependent.ServiceAccountDependent;
import dev.artie.operator.dependent.ServiceMonitorDependent;
import dev.artie.operator.status.ReadinessMetrics;
import dev.artie.operator.status.StatusAggregator;
import dev.artie.operator.workload.ConfigHash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reconciles an ArtieDeployment: the workflow below creates, updates and deletes the children; this class
 * refuses a spec that breaks the replica limits (then nothing is changed), runs the workflow, and writes the
 * status the aggregator derives from the children.
 */
@ControllerConfiguration(name = ArtieDeploymentReconciler.NAME)
@Workflow(
        explicitInvocation = true,
        dependents = {
            @Dependent(name = "service-account", type = ServiceAccountDependent.class),
            @Dependent(name = "config", type = ConfigMapDependent.class),
            @Dependent(
                    name = "redis",
                    type = RedisStatefulSetDependent.class,
                    reconcilePrecondition = Preconditions.ManagedRedis.class),
            @Dependent(
                    name = "redis-service",
                    type = RedisServiceDependent.class,
                    reconcilePrecondition = Preconditions.ManagedRedis.class,
                    useEventSourceWithName = "services"),
            @Dependent(
                    name = "redis-network-policy",
                    type = RedisNetworkPolicyDependent.class,
                    reconcilePrecondition = Preconditions.ManagedRedis.class),
            @Dependent(
                    name = "capabilities-data",
                    type = CapabilitiesVolumeDependent.class,
                    reconcilePrecondition = Preconditions.KeepMemoryClaim.class),
            @Dependent(name = "deployments", type = ComponentDeployments.class),
            @Dependent(name = "services", type = ComponentServices.class),
            @Dependent(
                    name = "capabilities-disruption-budget",
                    type = CapabilitiesDisruptionBudgetDependent.class,
                    reconcilePrecondition = Preconditions.PostgresMemory.class),
            @Dependent(name = "ingresses", type = ComponentIngresses.class),
            @Dependent(
                    name = "service-monitor",
                    type = ServiceMonitorDependent.class,
                    activationCondition = ServiceMonitorDependent.CrdInstalled.class),
        })
public class ArtieDeploymentReconciler implements Reconciler<ArtieDeployment> {
    public static final String NAME = "artiedeployment";
    private final StatusAggregator aggregator = new StatusAggregator(Clock.systemUTC());
    private final ReadinessMetrics readiness;
    private final ConfigHash configHash;

    public ArtieDeploymentReconciler(MeterRegistry metrics, ConfigHash configHash) {
        this.readiness = new ReadinessMetrics(metrics);
        this.configHash = configHash;
    }

    @Override
    public List<EventSource<?, ArtieDeployment>> prepareEventSources(EventSourceContext<ArtieDeployment> context) {
        return List.of(SecretWatch.create(context));
    }

    @Override
    public UpdateControl<ArtieDeployment> reconcile(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var violations = SpecRules.violations(primary.getSpec());
        var status =
                violations.isEmpty() ? reconcileChildren(primary, context) : aggregator.refused(primary, violations);
        readiness.refresh(context.getPrimaryCache().list(), primary, status);
        if (Objects.equals(Serialized.of(status), Serialized.of(primary.getStatus()))) {
            return UpdateControl.noUpdate();
        }
        // The resourceVersion makes the write conditional: had the spec changed since this reconcile read it,
        // the API server answers 409 and JOSDK reconciles again with the new spec. Without it, a status write
        // racing a spec change could leave the new generation unreconciled.
        var patch = statusPatch(primary, status);
        patch.getMetadata().setResourceVersion(primary.getMetadata().getResourceVersion());
        return UpdateControl.patchStatus(patch);
    }

    private ArtieDeploymentStatus reconcileChildren(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var workflow = context.managedWorkflowAndDependentResourceContext();
        workflow.put(ConfigHash.class, configHash); // read by the Deployment dependents
        workflow.reconcileManagedWorkflow();
        Map<String, Deployment> deployments = context.getSecondaryResourcesAsStream(Deployment.class)
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity(), (a, b) -> a));
        var redis = context.getSecondaryResource(StatefulSet.class);
        return aggregator.status(primary, deployments, redis, SecretCache.lookup(primary, context));
    }

    @Override
    public ErrorStatusUpdateControl<ArtieDeployment> updateErrorStatus(
            ArtieDeployment primary, Context<ArtieDeployment> context, Exception e) {
        if (ReconcileErrors.isConflict(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        return ErrorStatusUpdateControl.patchStatus(
                statusPatch(primary, aggregator.failed(primary, ReconcileErrors.cause(e))));
    }

    /** Only name, namespace and status: server-side apply then owns just the status fields. */
    private static ArtieDeployment statusPatch(ArtieDeployment primary, ArtieDeploymentStatus status) {
        var patch = new ArtieDeployment();
        patch.setMetadata(new ObjectMetaBuilder()
                .withName(primary.getMetadata().getName())
                .withNamespace(primary.getMetadata().getNamespace())
                .build());
        patch.setStatus(status);
        return patch;
    }
}
