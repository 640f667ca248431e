package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.ConfigHash;
import dev.artie.operator.workload.DeploymentFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The Deployment of one component. One subclass per component, so that the workflow can switch each
 * channel on and off by itself; they share one Deployment informer (useEventSourceWithName).
 */
public abstract class ComponentDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, ArtieDeployment> {
  private final Component component;

  protected ComponentDeploymentDependent(Component component) {
    this.component = component;
  }

  @Override
  protected Deployment desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
    var configHash = context.managedWorkflowAndDependentResourceContext().getMandatory(ConfigHash.class, ConfigHash.class);
    return DeploymentFactory.desired(primary, component, SecretCache.lookup(primary, context), configHash);
  }
}
