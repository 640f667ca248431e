package dev.artie.operator.cloudrun;

import dev.artie.operator.crd.SecretKeyRef;
import java.util.Locale;

/**
 * Cloud Run reads secrets from Secret Manager, one value per secret: the Kubernetes Secret key
 * {@code artie-model/api-key} becomes the Secret Manager secret {@code artie-model-api-key}, version latest.
 */
public final class SecretManagerNames {
    public static final String VERSION = "latest";

    private SecretManagerNames() {}

    public static String of(SecretKeyRef ref) {
        return (ref.name + "-" + ref.key).replaceAll("[^A-Za-z0-9_-]", "-").toLowerCase(Locale.ROOT);
    }
}
