package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile preconditions: when one does not hold, JOSDK deletes the dependent's object. */
public final class Preconditions {
    private Preconditions() {}

    public static class ManagedRedis implements Condition<Object, ArtieDeployment> {
        @Override
        public boolean isMet(
                DependentResource<Object, ArtieDeployment> dependent,
                ArtieDeployment primary,
                Context<ArtieDeployment> context) {
            return primary.getSpec().redis.managedByOperator();
        }
    }

    /** The memory claim is deleted only when memory is off and deleteData asks for it (CapabilitiesVolumeDependent). */
    public static class KeepMemoryClaim implements Condition<Object, ArtieDeployment> {
        @Override
        public boolean isMet(
                DependentResource<Object, ArtieDeployment> dependent,
                ArtieDeployment primary,
                Context<ArtieDeployment> context) {
            var memory = primary.getSpec().capabilities.memory;
            return memory.enabled || !memory.deleteData;
        }
    }

    /** Capabilities scale out with PostgreSQL memory (CapabilitiesDisruptionBudgetDependent). */
    public static class PostgresMemory implements Condition<Object, ArtieDeployment> {
        @Override
        public boolean isMet(
                DependentResource<Object, ArtieDeployment> dependent,
                ArtieDeployment primary,
                Context<ArtieDeployment> context) {
            return primary.getSpec().capabilities.memory.onPostgres();
        }
    }
}
