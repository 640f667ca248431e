package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import dev.artie.operator.workload.ServiceAccounts;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ServiceAccount of every Artie pod, with no API token mounted. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, ArtieDeployment> {
    @Override
    protected ServiceAccount desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        return new ServiceAccountBuilder()
                .withMetadata(Metadata.common(primary, ServiceAccounts.name(primary)))
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
