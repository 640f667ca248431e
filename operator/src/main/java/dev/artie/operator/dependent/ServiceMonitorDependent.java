package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;

/**
 * A Prometheus Operator ServiceMonitor scraping /prometheus of every Artie service. Active only once that operator's
 * CRD is installed ({@link CrdInstalled}): JOSDK registers its informer then, never before, since an informer on a
 * kind the API server does not know would fail every reconcile.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceMonitorDependent extends CRUDKubernetesDependentResource<ServiceMonitor, ArtieDeployment> {
    @Override
    protected ServiceMonitor desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        String name = primary.getMetadata().getName();
        return new ServiceMonitorBuilder()
                .withMetadata(Metadata.common(primary, name + "-artie"))
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels(Labels.PART_OF, "artie")
                .addToMatchLabels(Labels.INSTANCE, name)
                .endSelector()
                .addNewEndpoint()
                .withPort("http")
                .withPath("/prometheus")
                .withInterval("30s")
                .endEndpoint()
                .endSpec()
                .build();
    }

    /**
     * The ServiceMonitor CRD is installed. Once seen it is taken to stay (JOSDK's assumption too); while absent it is
     * looked up again on each reconcile, because the Prometheus Operator may be installed at any time after Artie and
     * JOSDK's default stops looking after ten tries.
     */
    public static class CrdInstalled extends CRDPresentActivationCondition<ServiceMonitor, ArtieDeployment> {
        @Override
        protected boolean shouldCheckStateNow(CRDCheckState state) {
            return !Boolean.TRUE.equals(state.isCrdPresent());
        }
    }
}
