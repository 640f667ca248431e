package dev.artie.operator.reconciler;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.dependent.SecretCache;
import dev.artie.operator.workload.ServiceConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Informer on Secrets of the watched namespaces. A Secret event reaches only the ArtieDeployments that
 * reference it (through an index on the primaries), so a created, changed or deleted Secret re-runs
 * their status checks and config hashes. The Secrets are the user's: no owner, never written.
 */
public final class SecretWatch {
    static final String INDEX = "referenced-secrets";

    private SecretWatch() {}

    public static InformerEventSource<Secret, ArtieDeployment> create(EventSourceContext<ArtieDeployment> context) {
        var primaries = context.getPrimaryCache();
        primaries.addIndexer(INDEX, SecretWatch::indexKeys);
        var config = InformerEventSourceConfiguration.from(Secret.class, ArtieDeployment.class)
                .withName(SecretCache.EVENT_SOURCE)
                .withNamespacesInheritedFromController()
                // Helm release Secrets are large and many; no ArtieDeployment references them. Kept out of the cache.
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("type", "helm.sh/release.v1", true)))
                .withSecondaryToPrimaryMapper(secret ->
                        primaries
                                .byIndex(
                                        INDEX,
                                        key(
                                                secret.getMetadata().getNamespace(),
                                                secret.getMetadata().getName()))
                                .stream()
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(config, context);
    }

    static List<String> indexKeys(ArtieDeployment primary) {
        return ServiceConfig.allSecretRefs(primary.getSpec()).stream()
                .map(ref -> key(primary.getMetadata().getNamespace(), ref.name))
                .distinct()
                .toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
