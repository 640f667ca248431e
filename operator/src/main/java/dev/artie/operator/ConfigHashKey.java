package dev.artie.operator;

import dev.artie.operator.workload.ConfigHash;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key of ConfigHash: a random key in a Secret of the operator's own namespace, created when missing and
 * read once at start, so the hashes (and the pods) stay the same across restarts and replicas.
 */
public final class ConfigHashKey {
    public static final String SECRET_NAME = "artie-operator-config-hash-key";
    static final String DATA_KEY = "key";

    private ConfigHashKey() {}

    public static ConfigHash loadOrCreate(KubernetesClient client, String namespace) {
        var secrets = client.secrets().inNamespace(namespace);
        try {
            Secret secret = secrets.withName(SECRET_NAME).get();
            if (secret == null) {
                byte[] key = new byte[ConfigHash.KEY_BYTES];
                new SecureRandom().nextBytes(key);
                try {
                    secret = secrets.resource(new SecretBuilder()
                                    .withNewMetadata()
                                    .withName(SECRET_NAME)
                                    .withNamespace(namespace)
                                    .addToAnnotations(
                                            "artie.dev/purpose",
                                            "HMAC key of the artie.dev/config-hash pod annotations;"
                                                    + " deleting it rolls every Artie pod once after the operator's next start")
                                    .endMetadata()
                                    .withImmutable(true)
                                    .withData(
                                            Map.of(DATA_KEY, Base64.getEncoder().encodeToString(key)))
                                    .build())
                            .create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                    secret = secrets.withName(SECRET_NAME).get(); // another replica created it first
                }
            }
            return new ConfigHash(decode(secret));
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(
                    "cannot read or create the Secret " + namespace + "/" + SECRET_NAME
                            + " holding the config-hash key: " + e.getMessage(),
                    e);
        }
    }

    private static byte[] decode(Secret secret) {
        String encoded = secret.getData() == null ? null : secret.getData().get(DATA_KEY);
        byte[] key = encoded == null ? new byte[0] : Base64.getDecoder().decode(encoded);
        if (key.length < ConfigHash.KEY_BYTES) {
            throw new IllegalStateException("the Secret " + secret.getMetadata().getNamespace() + "/" + SECRET_NAME
                    + " has no key '" + DATA_KEY + "' of " + ConfigHash.KEY_BYTES
                    + " bytes: delete it and restart the operator,"
                    + " which creates a new one (every Artie pod then rolls once)");
        }
        return key;
    }
}
