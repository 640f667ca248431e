package dev.artie.operator.status;

import dev.artie.operator.crd.SecretKeyRef;
import dev.artie.operator.workload.SecretEnv;
import dev.artie.operator.workload.SecretLookup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Finds referenced Secrets or keys that are missing; messages name Secret and key, never a value. */
public final class SecretChecker {
    private SecretChecker() {}

    public static List<String> problems(List<SecretEnv> refs, SecretLookup secrets) {
        var problems = new ArrayList<String>();
        for (SecretEnv env : refs) {
            problem(env.ref(), secrets).ifPresent(p -> {
                if (!problems.contains(p)) {
                    problems.add(p);
                }
            });
        }
        return problems;
    }

    static Optional<String> problem(SecretKeyRef ref, SecretLookup secrets) {
        var secret = secrets.find(ref.name);
        if (secret.isEmpty()) {
            return Optional.of("secret " + ref.name + " not found");
        }
        var data = secret.get().getData();
        if (data == null || !data.containsKey(ref.key)) {
            return Optional.of("secret " + ref.name + " has no key " + ref.key);
        }
        return Optional.empty();
    }

    /** For external Redis: whether the URL's scheme matches spec.redis.external.tls (only the scheme is read). */
    public static Optional<String> redisSchemeProblem(SecretKeyRef ref, boolean tls, SecretLookup secrets) {
        return secrets.find(ref.name)
                .map(s -> s.getData() == null ? null : s.getData().get(ref.key))
                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .filter(url -> url.startsWith("rediss://") != tls)
                .map(url -> "secret " + ref.name + " key " + ref.key + " holds a "
                        + (tls
                                ? "redis:// URL but redis.external.tls is true (use rediss://)"
                                : "rediss:// URL but redis.external.tls is false"));
    }
}
