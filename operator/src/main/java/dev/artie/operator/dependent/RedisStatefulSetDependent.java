package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.crd.Resources;
import dev.artie.operator.workload.DeploymentFactory;
import dev.artie.operator.workload.ImageDefaults;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.PodSettingsApplier;
import dev.artie.operator.workload.ResourceDefaults;
import dev.artie.operator.workload.ServiceAccounts;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Managed Redis: a one-pod StatefulSet with AOF on a volume claim template (or an emptyDir without persistence). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RedisStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, ArtieDeployment> {
  public static final String COMPONENT = "redis";
  static final Resources DEFAULT_RESOURCES =
      new Resources(new ResourceList("50m", "128Mi"), new ResourceList("500m", "512Mi"));

  @Override
  protected StatefulSet desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
    return build(primary);
  }

  public static StatefulSet build(ArtieDeployment primary) {
    var redis = primary.getSpec().redis.managed;
    StatefulSet set = DeploymentFactory.template("redis-statefulset.yaml", StatefulSet.class);
    set.setMetadata(new ObjectMetaBuilder()
        .withName(ServiceConfig.redisServiceName(primary))
        .withNamespace(primary.getMetadata().getNamespace())
        .withLabels(Labels.of(primary, COMPONENT))
        .build());
    var spec = set.getSpec();
    spec.setServiceName(ServiceConfig.redisServiceName(primary));
    spec.getSelector().setMatchLabels(Labels.selector(primary, COMPONENT));
    var pod = spec.getTemplate();
    pod.getMetadata().setLabels(Labels.of(primary, COMPONENT));
    pod.getMetadata().setAnnotations(new LinkedHashMap<>());
    pod.getSpec().setServiceAccountName(ServiceAccounts.name(primary));
    PodSettingsApplier.apply(primary.getSpec().pod, pod);
    var container = pod.getSpec().getContainers().getFirst();
    container.setImage(ImageDefaults.process().redis(redis.image));
    container.setResources(ResourceDefaults.merge(redis.resources, DEFAULT_RESOURCES));
    if (redis.persistence.enabled) {
      spec.setVolumeClaimTemplates(List.of(new PersistentVolumeClaimBuilder()
          .withNewMetadata().withName("data").withLabels(Labels.selector(primary, COMPONENT)).endMetadata()
          .withNewSpec()
          .withAccessModes("ReadWriteOnce")
          .withStorageClassName(redis.persistence.storageClassName)
          .withNewResources().withRequests(Map.of("storage", new Quantity(redis.persistence.size))).endResources()
          .endSpec()
          .build()));
    } else {
      pod.getSpec().getVolumes().add(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build());
    }
    return set;
  }
}
