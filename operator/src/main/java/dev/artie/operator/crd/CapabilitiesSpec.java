package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The capabilities service. Memory lives in one SQLite file, so it runs as one replica (DESIGN.md, State and replicas). */
@ValidationRule(value = WorkloadSpec.AT_MOST_ONE_REPLICA, message = CapabilitiesSpec.SINGLE_REPLICA_REASON)
public class CapabilitiesSpec extends WorkloadSpec {
  @JsonPropertyDescription("Container image of the capabilities service; empty: the operator's default, <registry>/<prefix>artie-capabilities:<tag> (ARTIE_OPERATOR_IMAGE_*).")
  public String image;

  @JsonPropertyDescription("Model endpoint, model lists and API key.")
  public ModelSpec model = new ModelSpec();

  @JsonPropertyDescription("The system prompt's persona: name, tone and instructions.")
  public PersonaSpec persona = new PersonaSpec();

  @JsonPropertyDescription("Volume of the memory database (ARTIE_MEMORY_PATH=/data/memory.db).")
  public MemorySpec memory = new MemorySpec();

  @Override
  public String image() {
    return image;
  }

  static final String SINGLE_REPLICA_REASON =
      "capabilities.replicas must be 0 or 1: people's memories live in one SQLite file per replica, so a second replica would split them";

  @Override
  public String singleReplicaReason() {
    return SINGLE_REPLICA_REASON;
  }
}
