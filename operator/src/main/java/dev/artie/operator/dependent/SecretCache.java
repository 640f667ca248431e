package dev.artie.operator.dependent;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.workload.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** Reads referenced Secrets from the operator's Secret informer (see SecretWatch), never from the API directly. */
public final class SecretCache {
    public static final String EVENT_SOURCE = "secrets";

    private SecretCache() {}

    @SuppressWarnings("unchecked")
    public static SecretLookup lookup(ArtieDeployment primary, Context<ArtieDeployment> context) {
        var source = (InformerEventSource<Secret, ArtieDeployment>)
                context.eventSourceRetriever().getEventSourceFor(Secret.class, EVENT_SOURCE);
        String namespace = primary.getMetadata().getNamespace();
        return name -> source.get(new ResourceID(name, namespace));
    }
}
