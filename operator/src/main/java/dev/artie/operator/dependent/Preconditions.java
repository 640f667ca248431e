package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile preconditions: when one does not hold, JOSDK deletes the dependent's object. */
public final class Preconditions {
    private Preconditions() {}

    /** A precondition on the spec alone; JOSDK makes each by its class, named in a {@code @Dependent}. */
    abstract static class OnSpec implements Condition<Object, ArtieDeployment> {
        @Override
        public final boolean isMet(
                DependentResource<Object, ArtieDeployment> dependent,
                ArtieDeployment primary,
                Context<ArtieDeployment> context) {
            return holds(primary.getSpec());
        }

        abstract boolean holds(ArtieDeploymentSpec spec);
    }

    public static class ManagedRedis extends OnSpec {
        @Override
        boolean holds(ArtieDeploymentSpec spec) {
            return spec.redis.managedByOperator();
        }
    }

    /** The memory claim is deleted only when memory is off and deleteData asks for it (CapabilitiesVolumeDependent). */
    public static class KeepMemoryClaim extends OnSpec {
        @Override
        boolean holds(ArtieDeploymentSpec spec) {
            return spec.capabilities.memory.enabled || !spec.capabilities.memory.deleteData;
        }
    }

    /** Capabilities scale out with PostgreSQL memory (CapabilitiesDisruptionBudgetDependent). */
    public static class PostgresMemory extends OnSpec {
        @Override
        boolean holds(ArtieDeploymentSpec spec) {
            return spec.capabilities.memory.onPostgres();
        }
    }
}
