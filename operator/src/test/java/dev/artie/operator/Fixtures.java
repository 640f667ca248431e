package dev.artie.operator;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.SecretKeyRef;
import dev.artie.operator.workload.ConfigHash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Custom resources and Secrets the tests start from. */
public final class Fixtures {
    /** A fixed key: the tests compare hashes made by the same key. */
    public static final ConfigHash CONFIG_HASH = new ConfigHash(new byte[ConfigHash.KEY_BYTES]);

    private Fixtures() {}

    /** Managed Redis, capabilities with an API key reference, HTTP chat: what k8s/examples/minimal.yaml holds. */
    public static ArtieDeployment minimal(String name, String namespace) {
        var artie = new ArtieDeployment();
        artie.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .withGeneration(1L)
                .build());
        artie.getSpec().capabilities.model.apiKeySecretRef = new SecretKeyRef("artie-model", "api-key");
        return artie;
    }

    public static ArtieDeployment fromYaml(String yaml) {
        return Serialization.unmarshal(yaml, ArtieDeployment.class);
    }

    public static Secret secret(String name, String namespace, Map<String, String> plainData) {
        var data = new java.util.LinkedHashMap<String, String>();
        plainData.forEach(
                (k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .build())
                .withData(data)
                .build();
    }
}
