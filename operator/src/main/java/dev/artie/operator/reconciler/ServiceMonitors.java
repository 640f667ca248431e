package dev.artie.operator.reconciler;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus Operator ServiceMonitor scraping /prometheus of every Artie service, applied only when
 * that CRD is installed. Not a workflow dependent: JOSDK 5.3 builds a dependent's informer even to
 * deactivate it, and an informer on a kind the API server does not know fails every reconcile.
 */
final class ServiceMonitors {
  static final String CRD = "servicemonitors.monitoring.coreos.com";

  private ServiceMonitors() {}

  static void applyIfSupported(KubernetesClient client, ArtieDeployment primary) {
    if (client.apiextensions().v1().customResourceDefinitions().withName(CRD).get() != null) {
      client.resource(desired(primary)).fieldManager("artie-operator").forceConflicts().serverSideApply();
    }
  }

  static GenericKubernetesResource desired(ArtieDeployment primary) {
    String name = primary.getMetadata().getName();
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("monitoring.coreos.com/v1")
        .withKind("ServiceMonitor")
        .withNewMetadata()
        .withName(name + "-artie")
        .withNamespace(primary.getMetadata().getNamespace())
        .withLabels(Labels.common(primary))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(primary.getApiVersion()).withKind(primary.getKind()).withName(name)
            .withUid(primary.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(false).build())
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of(
            "selector", Map.of("matchLabels", Map.of(Labels.PART_OF, "artie", Labels.INSTANCE, name)),
            "endpoints", List.of(Map.of("port", "http", "path", "/prometheus", "interval", "30s"))))
        .build();
  }
}
