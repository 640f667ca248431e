package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.PersistenceSpec;
import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.crd.Resources;
import dev.artie.operator.workload.ImageDefaults;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import dev.artie.operator.workload.PodSettingsApplier;
import dev.artie.operator.workload.RedisPersistence;
import dev.artie.operator.workload.ResourceDefaults;
import dev.artie.operator.workload.ServiceAccounts;
import dev.artie.operator.workload.ServiceConfig;
import dev.artie.operator.workload.Templates;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Managed Redis: a one-pod StatefulSet with AOF on a volume claim template (or an emptyDir without persistence),
 * and a maxmemory below the container's memory limit.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RedisStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, ArtieDeployment> {
    public static final String COMPONENT = "redis";
    static final Resources DEFAULT_RESOURCES =
            new Resources(new ResourceList("50m", "128Mi"), new ResourceList("500m", "512Mi"));
    static final int MAXMEMORY_PERCENT_OF_LIMIT = 80;

    /** Keeps the existing StatefulSet's volume claim (RedisPersistence): the API server refuses to change it. */
    @Override
    protected StatefulSet desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        // From the informer; getSecondaryResource would compute desired() to find it.
        return build(
                primary,
                context.getSecondaryResource(StatefulSet.class)
                        .map(RedisPersistence::of)
                        .orElse(primary.getSpec().redis.managed.persistence));
    }

    public static StatefulSet build(ArtieDeployment primary) {
        return build(primary, primary.getSpec().redis.managed.persistence);
    }

    private static StatefulSet build(ArtieDeployment primary, PersistenceSpec persistence) {
        var redis = primary.getSpec().redis.managed;
        StatefulSet set = Templates.load("redis-statefulset.yaml", StatefulSet.class);
        set.setMetadata(Metadata.of(primary, ServiceConfig.redisServiceName(primary), COMPONENT));
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
        var resources = ResourceDefaults.merge(redis.resources, DEFAULT_RESOURCES);
        container.setResources(resources);
        var args = new ArrayList<>(container.getArgs());
        args.addAll(List.of(
                "--maxmemory",
                maxMemoryBytes(resources.getLimits().get("memory")),
                "--maxmemory-policy",
                "noeviction"));
        container.setArgs(args);
        if (persistence.enabled) {
            spec.setVolumeClaimTemplates(List.of(new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName(RedisPersistence.CLAIM_TEMPLATE)
                    .withLabels(Labels.selector(primary, COMPONENT))
                    .endMetadata()
                    .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName(persistence.storageClassName)
                    .withNewResources()
                    .withRequests(Map.of("storage", new Quantity(persistence.size)))
                    .endResources()
                    .endSpec()
                    .build()));
        } else {
            pod.getSpec()
                    .getVolumes()
                    .add(new VolumeBuilder()
                            .withName(RedisPersistence.CLAIM_TEMPLATE)
                            .withNewEmptyDir()
                            .endEmptyDir()
                            .build());
        }
        return set;
    }

    /**
     * Redis's maxmemory counts the data set only, not allocator fragmentation, client buffers or the
     * copy-on-write pages of the AOF rewrite child; the rest of the container's limit is left for those.
     * With noeviction, Redis then refuses writes (the services see an error) instead of the
     * kernel OOM-killing it and losing the last second of the append-only file.
     */
    static String maxMemoryBytes(Quantity memoryLimit) {
        return Quantity.getAmountInBytes(memoryLimit)
                .multiply(BigDecimal.valueOf(MAXMEMORY_PERCENT_OF_LIMIT))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN)
                .toPlainString();
    }
}
