package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.CapabilitiesVolume;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The claim holding the capabilities service's SQLite memory. Owned by the ArtieDeployment, so deleting
 * the resource deletes people's memories too (docs/operator.md says so). Switching memory off keeps the
 * claim as it is; only memory.deleteData deletes it (Preconditions.KeepMemoryClaim).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class CapabilitiesVolumeDependent
        extends CRUDKubernetesDependentResource<PersistentVolumeClaim, ArtieDeployment> {
    @Override
    public ReconcileResult<PersistentVolumeClaim> reconcile(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var memory = primary.getSpec().capabilities.memory;
        // Memory moved to PostgreSQL keeps the claim too: its SQLite file is what `memory copy` reads.
        if (!memory.enabled || memory.onPostgres()) {
            return ReconcileResult.noOperation(
                    getSecondaryResource(primary, context).orElse(null));
        }
        return super.reconcile(primary, context);
    }

    @Override
    protected PersistentVolumeClaim desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var memory = primary.getSpec().capabilities.memory;
        return new PersistentVolumeClaimBuilder()
                .withMetadata(Metadata.of(primary, CapabilitiesVolume.claimName(primary), Component.CAPABILITIES.id()))
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(memory.storageClassName)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(memory.size)))
                .endResources()
                .endSpec()
                .build();
    }
}
