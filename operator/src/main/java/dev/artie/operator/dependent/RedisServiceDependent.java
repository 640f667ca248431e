package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** Headless Service of the managed Redis; REDIS_URL points at its DNS name. Shares the Service informer. */
public class RedisServiceDependent extends CRUDKubernetesDependentResource<Service, ArtieDeployment> {
    @Override
    protected Service desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        return new ServiceBuilder()
                .withMetadata(Metadata.of(
                        primary, ServiceConfig.redisServiceName(primary), RedisStatefulSetDependent.COMPONENT))
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(Labels.selector(primary, RedisStatefulSetDependent.COMPONENT))
                .addNewPort()
                .withName("redis")
                .withPort(ServiceConfig.REDIS_PORT)
                .withTargetPort(new IntOrString("redis"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
