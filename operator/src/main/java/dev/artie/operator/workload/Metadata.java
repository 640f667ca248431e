package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/** The metadata every object of an installation has: its name, in the installation's namespace, and its labels. */
public final class Metadata {
    private Metadata() {}

    /** An object of one component (a Deployment, its Service, the managed Redis's objects). */
    public static ObjectMeta of(ArtieDeployment primary, String name, String component) {
        return build(primary, name, Labels.of(primary, component));
    }

    /** An object of the whole installation rather than one component (the ConfigMap, the ServiceAccount). */
    public static ObjectMeta common(ArtieDeployment primary, String name) {
        return build(primary, name, Labels.common(primary));
    }

    private static ObjectMeta build(ArtieDeployment primary, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(primary.getMetadata().getNamespace())
                .withLabels(labels)
                .build();
    }
}
