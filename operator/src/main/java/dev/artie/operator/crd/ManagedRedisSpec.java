package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Redis run by the operator: one pod, append-only file on a volume claim. */
public class ManagedRedisSpec {
  public static final String DEFAULT_IMAGE = "redis:7.4-alpine";

  @Default(DEFAULT_IMAGE)
  @JsonPropertyDescription("Redis container image.")
  public String image = DEFAULT_IMAGE;

  @JsonPropertyDescription("Volume of Redis's append-only file.")
  public PersistenceSpec persistence = new PersistenceSpec();

  @JsonPropertyDescription("Requests and limits of the Redis container.")
  public Resources resources;
}
