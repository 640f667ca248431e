package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a component's plain configuration and the values of the Secret keys it references,
 * keyed with the operator's own key (ConfigHashKey). Written into the pod template, so a change of either
 * rolls the pods and an unchanged value does not; without the key, someone who can read Deployments
 * cannot test guesses of a Secret value offline, as an unkeyed digest would let them.
 */
public final class ConfigHash {
    public static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public ConfigHash(byte[] key) {
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the config-hash key must have at least " + KEY_BYTES + " bytes, has " + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    public String of(
            ArtieDeployment primary, Map<String, String> plainEnv, List<SecretEnv> secretEnv, SecretLookup secrets) {
        Mac mac = mac();
        // The resource's identity too, so that equal hashes in two installations do not reveal equal values.
        update(
                mac,
                "resource",
                primary.getMetadata().getNamespace(),
                primary.getMetadata().getName());
        plainEnv.forEach((name, value) -> update(mac, "env", name, value));
        for (SecretEnv env : secretEnv) {
            String value = secrets.find(env.ref().name)
                    .map(s -> s.getData() == null ? null : s.getData().get(env.ref().key))
                    .orElse("<missing>");
            update(mac, "secret", env.name(), env.ref().name + "/" + env.ref().key + "=" + value);
        }
        return HexFormat.of().formatHex(mac.doFinal()).substring(0, 16);
    }

    private static void update(Mac mac, String kind, String name, String value) {
        mac.update((kind + "\u0000" + name + "\u0000" + value + "\u0000").getBytes(StandardCharsets.UTF_8));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }
}
