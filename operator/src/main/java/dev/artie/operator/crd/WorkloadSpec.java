package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** What every Artie service's Deployment has: a replica count and resources. */
public abstract class WorkloadSpec {
  @Default("1")
  @Min(0)
  @JsonPropertyDescription("Number of pods.")
  public int replicas = 1;

  @JsonPropertyDescription("Requests and limits of the service's container; unset fields take the defaults in docs/operator.md.")
  public Resources resources;

  /** The container image as the spec names it; null or blank means the operator's default (ImageDefaults). */
  public abstract String image();
}
