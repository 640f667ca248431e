package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/** Only this installation's pods may reach its Redis (Redis itself has no password here). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RedisNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, ArtieDeployment> {
    @Override
    protected NetworkPolicy desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        return new NetworkPolicyBuilder()
                .withMetadata(Metadata.of(
                        primary, ServiceConfig.redisServiceName(primary), RedisStatefulSetDependent.COMPONENT))
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(Labels.selector(primary, RedisStatefulSetDependent.COMPONENT))
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewPodSelector()
                .withMatchLabels(Map.of(
                        Labels.PART_OF,
                        "artie",
                        Labels.INSTANCE,
                        primary.getMetadata().getName()))
                .endPodSelector()
                .endFrom()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(ServiceConfig.REDIS_PORT))
                .endPort()
                .endIngress()
                .endSpec()
                .build();
    }
}
