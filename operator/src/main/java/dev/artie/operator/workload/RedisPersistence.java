package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.PersistenceSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The managed Redis's volume claim as the spec asks for it and as its StatefulSet has it. A StatefulSet's
 * volume claim templates cannot change in place (the API server refuses the update), so the operator keeps
 * the StatefulSet's own and the status tells a person how to recreate it (docs/operator.md).
 */
public final class RedisPersistence {
    public static final String CLAIM_TEMPLATE = "data";

    private RedisPersistence() {}

    /** The persistence the StatefulSet was made with. */
    public static PersistenceSpec of(StatefulSet set) {
        var persistence = new PersistenceSpec();
        Optional<PersistentVolumeClaim> claim =
                Optional.ofNullable(set.getSpec().getVolumeClaimTemplates()).orElse(List.of()).stream()
                        .filter(c -> CLAIM_TEMPLATE.equals(c.getMetadata().getName()))
                        .findFirst();
        persistence.enabled = claim.isPresent();
        claim.ifPresent(c -> {
            persistence.size =
                    c.getSpec().getResources().getRequests().get("storage").toString();
            persistence.storageClassName = c.getSpec().getStorageClassName();
        });
        return persistence;
    }

    /** What a person does to apply a changed redis.managed.persistence; empty when the StatefulSet has it. */
    public static Optional<String> pendingChange(ArtieDeployment primary, StatefulSet set) {
        PersistenceSpec wanted = primary.getSpec().redis.managed.persistence;
        PersistenceSpec actual = of(set);
        if (same(wanted, actual)) {
            return Optional.empty();
        }
        String name = set.getMetadata().getName();
        String claim = CLAIM_TEMPLATE + "-" + name + "-0";
        String then = !actual.enabled
                ? "Redis's data on its emptyDir is lost when the pod is replaced."
                : wanted.enabled
                        ? "The claim " + claim
                                + " stays and is used again: resize it with kubectl patch pvc (if its StorageClass"
                                + " allows expansion), or delete it first to start Redis empty on a new claim."
                        : "The claim " + claim + " stays, unused: delete it when its data is no longer needed.";
        return Optional.of("redis.managed.persistence asks for " + describe(wanted) + " but the StatefulSet has "
                + describe(actual)
                + ", and a StatefulSet's volume claims cannot change in place (the rest of the spec is"
                + " applied). To apply it: kubectl -n " + set.getMetadata().getNamespace() + " delete statefulset "
                + name
                + " --cascade=orphan; the operator then creates it anew. " + then);
    }

    private static boolean same(PersistenceSpec a, PersistenceSpec b) {
        return a.enabled == b.enabled
                && (!a.enabled
                        || new Quantity(a.size).equals(new Quantity(b.size))
                                && Objects.equals(a.storageClassName, b.storageClassName));
    }

    private static String describe(PersistenceSpec persistence) {
        if (!persistence.enabled) {
            return "no claim (an emptyDir)";
        }
        return "a " + persistence.size + " claim"
                + (persistence.storageClassName == null ? "" : " of StorageClass " + persistence.storageClassName);
    }
}
