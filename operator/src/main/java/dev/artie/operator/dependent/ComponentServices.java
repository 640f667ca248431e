package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Arrays;
import java.util.stream.Stream;

/** The ClusterIP Service of each component that runs, port named http like the container's. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ComponentServices extends ComponentBulkDependent<Service> {
    public ComponentServices() {
        super(Service.class);
    }

    @Override
    Stream<Service> desiredObjects(ArtieDeployment primary, Context<ArtieDeployment> context) {
        return Arrays.stream(Component.values())
                .filter(c -> c.enabled(primary.getSpec()))
                .map(c -> desired(primary, c));
    }

    static Service desired(ArtieDeployment primary, Component component) {
        return new ServiceBuilder()
                .withMetadata(Metadata.of(primary, component.objectName(primary), component.id()))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(primary, component.id()))
                .addNewPort()
                .withName("http")
                .withPort(component.port())
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
