package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What someone who can read the spec and the Deployments computes to test a guessed Secret value against
 * `artie.dev/config-hash`, were it the unkeyed SHA-256 the operator once wrote.
 */
public final class OfflineGuess {
    private OfflineGuess() {}

    public static String unkeyedHash(ArtieDeployment artie, Component component, String guessedValue) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ServiceConfig.plainEnv(artie, component).forEach((name, value) -> update(digest, "env", name, value));
            String encoded = Base64.getEncoder().encodeToString(guessedValue.getBytes(StandardCharsets.UTF_8));
            for (SecretEnv env : ServiceConfig.secretEnv(artie.getSpec(), component)) {
                update(digest, "secret", env.name(), env.ref().name + "/" + env.ref().key + "=" + encoded);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String kind, String name, String value) {
        digest.update((kind + "\u0000" + name + "\u0000" + value + "\u0000").getBytes(StandardCharsets.UTF_8));
    }
}
