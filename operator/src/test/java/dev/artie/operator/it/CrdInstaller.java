package dev.artie.operator.it;

import dev.artie.operator.RepoFiles;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Applies the committed CRD (crds/) and waits until the API server serves it. */
final class CrdInstaller {
    private CrdInstaller() {}

    static void install(KubernetesClient client) {
        apply(client, committed(client));
    }

    /**
     * The committed CRD without the CEL rules the predicate picks: stands in for a CRD from before a rule
     * existed, to store a resource that breaks it. Restore with {@link #install}.
     */
    static void installWithoutRules(KubernetesClient client, Predicate<String> rule) {
        var crd = committed(client);
        crd.getSpec().getVersions().forEach(v -> removeRules(v.getSchema().getOpenAPIV3Schema(), rule));
        apply(client, crd);
    }

    private static void removeRules(JSONSchemaProps schema, Predicate<String> rule) {
        if (schema == null) {
            return;
        }
        if (schema.getXKubernetesValidations() != null) {
            schema.getXKubernetesValidations().removeIf(v -> rule.test(v.getRule()));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> removeRules(p, rule));
        }
        if (schema.getItems() != null) {
            removeRules(schema.getItems().getSchema(), rule);
        }
    }

    private static CustomResourceDefinition committed(KubernetesClient client) {
        return client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .load(new ByteArrayInputStream(
                        RepoFiles.read("crds/artiedeployments.artie.dev-v1.yml").getBytes(StandardCharsets.UTF_8)))
                .item();
    }

    private static void apply(KubernetesClient client, CustomResourceDefinition crd) {
        client.resource(crd).forceConflicts().serverSideApply();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .waitUntilCondition(
                        CrdInstaller::established, Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
