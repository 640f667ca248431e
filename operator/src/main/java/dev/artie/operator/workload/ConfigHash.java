package dev.artie.operator.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 over a component's plain configuration and the values of the Secret keys it references.
 * Written into the pod template, so a change of either rolls the pods; the hash reveals no value.
 */
public final class ConfigHash {
  private ConfigHash() {}

  public static String of(Map<String, String> plainEnv, List<SecretEnv> secretEnv, SecretLookup secrets) {
    MessageDigest digest = sha256();
    plainEnv.forEach((name, value) -> update(digest, "env", name, value));
    for (SecretEnv env : secretEnv) {
      String value = secrets.find(env.ref().name)
          .map(s -> s.getData() == null ? null : s.getData().get(env.ref().key))
          .orElse("<missing>");
      update(digest, "secret", env.name(), env.ref().name + "/" + env.ref().key + "=" + value);
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  private static void update(MessageDigest digest, String kind, String name, String value) {
    digest.update((kind + "\u0000" + name + "\u0000" + value + "\u0000").getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
