package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Either a Redis the operator runs (a StatefulSet) or an external one reached by a URL held in a Secret. */
@ValidationRule(
        value = "self.mode != 'external' || has(self.external)",
        message = "redis.external.urlSecretRef is required when redis.mode is external")
public class RedisSpec {
    public static final String MANAGED = "managed";
    public static final String EXTERNAL = "external";

    @Default(MANAGED)
    @Pattern("^(managed|external)$")
    @JsonPropertyDescription(
            "managed: the operator runs Redis as a StatefulSet; external: use the Redis at external.urlSecretRef.")
    public String mode = MANAGED;

    @JsonPropertyDescription("The Redis the operator runs (mode managed).")
    public ManagedRedisSpec managed = new ManagedRedisSpec();

    @JsonPropertyDescription("An external Redis, e.g. Memorystore or Redis Cloud (mode external).")
    public ExternalRedisSpec external;

    public boolean managedByOperator() {
        return !EXTERNAL.equals(mode);
    }
}
