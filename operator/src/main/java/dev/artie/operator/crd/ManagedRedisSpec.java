package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Redis run by the operator: one pod, append-only file on a volume claim. */
public class ManagedRedisSpec {
    @JsonPropertyDescription(
            "Redis container image; empty: the operator's default (ARTIE_OPERATOR_REDIS_IMAGE, docs/kubernetes.md).")
    public String image;

    @JsonPropertyDescription("Volume of Redis's append-only file.")
    public PersistenceSpec persistence = new PersistenceSpec();

    @JsonPropertyDescription("Requests and limits of the Redis container.")
    public Resources resources;
}
