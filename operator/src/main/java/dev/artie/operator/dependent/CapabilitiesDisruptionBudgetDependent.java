package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * With memory on PostgreSQL the capabilities replicas are interchangeable: a node drain evicts them one at a time
 * (maxUnavailable 1 never blocks a drain, even at one replica). With SQLite there is one pod by design and no
 * budget (Preconditions.PostgresMemory), so the budget is deleted.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class CapabilitiesDisruptionBudgetDependent
        extends CRUDKubernetesDependentResource<PodDisruptionBudget, ArtieDeployment> {
    @Override
    protected PodDisruptionBudget desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var component = Component.CAPABILITIES;
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Metadata.of(primary, component.objectName(primary), component.id()))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(Labels.selector(primary, component.id()))
                .endSelector()
                .endSpec()
                .build();
    }
}
