package dev.artie.operator.it;

import dev.artie.operator.RepoFiles;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Applies the committed CRD (crds/) and waits until the API server serves it. */
final class CrdInstaller {
  private CrdInstaller() {}

  static void install(KubernetesClient client) {
    var crd = client.apiextensions().v1().customResourceDefinitions()
        .load(new ByteArrayInputStream(RepoFiles.read("crds/artiedeployments.artie.dev-v1.yml").getBytes(StandardCharsets.UTF_8)))
        .item();
    client.resource(crd).forceConflicts().serverSideApply();
    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
        .waitUntilCondition(CrdInstaller::established, Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
