package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus Operator ServiceMonitor scraping /prometheus of every Artie service; a generic resource,
 * so the operator needs no Prometheus Operator classes, and active only when that CRD is installed.
 */
public class ServiceMonitorDependent extends GenericKubernetesDependentResource<ArtieDeployment> {
  static final GroupVersionKind GVK = new GroupVersionKind("monitoring.coreos.com", "v1", "ServiceMonitor");
  static final String CRD = "servicemonitors.monitoring.coreos.com";

  public ServiceMonitorDependent() {
    super(GVK);
  }

  @Override
  protected GenericKubernetesResource desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
    String name = primary.getMetadata().getName();
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GVK.apiVersion())
        .withKind(GVK.getKind())
        .withNewMetadata()
        .withName(name + "-artie")
        .withNamespace(primary.getMetadata().getNamespace())
        .withLabels(Labels.common(primary))
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of(
            "selector", Map.of("matchLabels", Map.of(Labels.PART_OF, "artie", Labels.INSTANCE, name)),
            "endpoints", List.of(Map.of("port", "http", "path", "/prometheus", "interval", "30s"))))
        .build();
  }

  /** Activation condition: the ServiceMonitor CRD exists in the cluster. */
  public static class CrdPresent implements Condition<GenericKubernetesResource, ArtieDeployment> {
    @Override
    public boolean isMet(DependentResource<GenericKubernetesResource, ArtieDeployment> dependent,
        ArtieDeployment primary, Context<ArtieDeployment> context) {
      return context.getClient().apiextensions().v1().customResourceDefinitions().withName(CRD).get() != null;
    }
  }
}
