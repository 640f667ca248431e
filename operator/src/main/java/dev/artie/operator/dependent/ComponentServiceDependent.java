package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The ClusterIP Service of one component, port named http like the container's. */
public abstract class ComponentServiceDependent extends CRUDKubernetesDependentResource<Service, ArtieDeployment> {
  private final Component component;

  protected ComponentServiceDependent(Component component) {
    this.component = component;
  }

  @Override
  protected Service desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(component.objectName(primary))
        .withNamespace(primary.getMetadata().getNamespace())
        .withLabels(Labels.of(primary, component.id()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(primary, component.id()))
        .addNewPort().withName("http").withPort(component.port()).withTargetPort(new IntOrString("http"))
        .withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }
}
