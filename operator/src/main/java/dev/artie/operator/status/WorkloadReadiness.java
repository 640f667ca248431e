package dev.artie.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/** Reads readiness from a Deployment's or StatefulSet's status as the controllers report it. */
final class WorkloadReadiness {
    private WorkloadReadiness() {}

    static String notReadyReason(Deployment deployment) {
        if (deployment == null) {
            return "Deployment not created yet";
        }
        var status = deployment.getStatus();
        return notReady(
                deployment.getMetadata().getGeneration(),
                deployment.getSpec().getReplicas(),
                status == null ? null : status.getObservedGeneration(),
                status == null ? null : status.getReadyReplicas(),
                status == null ? null : status.getUpdatedReplicas(),
                "Deployment " + deployment.getMetadata().getName());
    }

    static String notReadyReason(StatefulSet set) {
        if (set == null) {
            return "StatefulSet not created yet";
        }
        var status = set.getStatus();
        return notReady(
                set.getMetadata().getGeneration(),
                set.getSpec().getReplicas(),
                status == null ? null : status.getObservedGeneration(),
                status == null ? null : status.getReadyReplicas(),
                status == null ? null : status.getUpdatedReplicas(),
                "StatefulSet " + set.getMetadata().getName());
    }

    /**
     * Null when ready: the controller has seen this generation and every wanted replica is updated and ready
     * (so replicas: 0, a deliberate pause, counts as ready).
     */
    private static String notReady(
            Long generation, Integer wanted, Long observed, Integer ready, Integer updated, String what) {
        int want = wanted == null ? 1 : wanted;
        if (observed == null || !Objects.equals(observed, generation)) {
            return what + " rolling out";
        }
        int readyCount = ready == null ? 0 : ready;
        int updatedCount = updated == null ? 0 : updated;
        if (readyCount < want || updatedCount < want) {
            return what + ": " + readyCount + "/" + want + " replicas ready";
        }
        return null;
    }
}
