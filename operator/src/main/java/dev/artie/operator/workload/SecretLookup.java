package dev.artie.operator.workload;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Finds a Secret of the primary's namespace by name (from the informer cache in the operator). */
@FunctionalInterface
public interface SecretLookup {
    Optional<Secret> find(String name);
}
