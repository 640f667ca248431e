package dev.artie.operator.it;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Stands in for the controller-manager and kubelets, which a bare API server lacks: reports every
 * Deployment and StatefulSet as rolled out and ready (as the Keycloak operator's tests do).
 */
public final class FakeKubelet implements AutoCloseable {
    private final List<SharedIndexInformer<?>> informers;

    public FakeKubelet(KubernetesClient client) {
        informers = List.of(
                client.apps().deployments().inAnyNamespace().inform(handler(d -> markReady(client, d))),
                client.apps().statefulSets().inAnyNamespace().inform(handler(s -> markReady(client, s))));
    }

    private static void markReady(KubernetesClient client, Deployment d) {
        Integer replicas = d.getSpec().getReplicas();
        if (d.getStatus() != null
                && Objects.equals(
                        d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())) {
            return;
        }
        d.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withReadyReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withAvailableReplicas(replicas)
                .build());
        client.resource(d).updateStatus();
    }

    private static void markReady(KubernetesClient client, StatefulSet s) {
        Integer replicas = s.getSpec().getReplicas();
        if (s.getStatus() != null
                && Objects.equals(
                        s.getStatus().getObservedGeneration(), s.getMetadata().getGeneration())) {
            return;
        }
        s.setStatus(new StatefulSetStatusBuilder()
                .withObservedGeneration(s.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withReadyReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withAvailableReplicas(replicas)
                .withCurrentReplicas(replicas)
                .build());
        client.resource(s).updateStatus();
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                safely(onChange, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                safely(onChange, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
        };
    }

    /** A conflict (the object changed meanwhile) is fine: the next update event comes anyway. */
    private static <T> void safely(Consumer<T> onChange, T obj) {
        try {
            onChange.accept(obj);
        } catch (RuntimeException conflictOrGone) {
            // next event retries
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
