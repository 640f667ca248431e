package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.Component;
import dev.artie.operator.workload.Labels;
import dev.artie.operator.workload.Metadata;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.TreeMap;

/** The one ConfigMap of plain (non-secret) service configuration, keyed component.VARIABLE. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, ArtieDeployment> {
    @Override
    protected ConfigMap desired(ArtieDeployment primary, Context<ArtieDeployment> context) {
        return build(primary);
    }

    static ConfigMap build(ArtieDeployment primary) {
        var data = new TreeMap<String, String>();
        for (Component component : Component.values()) {
            if (component.enabled(primary.getSpec())) {
                ServiceConfig.plainEnv(primary, component)
                        .forEach((name, value) -> data.put(ServiceConfig.key(component, name), value));
            }
        }
        return new ConfigMapBuilder()
                .withMetadata(Metadata.common(primary, ServiceConfig.configMapName(primary)))
                .withData(data)
                .build();
    }
}
