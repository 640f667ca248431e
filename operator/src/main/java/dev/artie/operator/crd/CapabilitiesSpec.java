package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The capabilities service. With SQLite memory it runs as one replica (DESIGN.md, State and replicas); with
 * PostgreSQL memory it scales out.
 */
@ValidationRule(
        value = WorkloadSpec.AT_MOST_ONE_REPLICA
                + " || (has(self.memory) && has(self.memory.store) && self.memory.store == 'postgres')",
        message = CapabilitiesSpec.SINGLE_REPLICA_REASON)
public class CapabilitiesSpec extends WorkloadSpec {
    @JsonPropertyDescription(
            "Container image of the capabilities service; empty: the operator's default, <registry>/<prefix>artie-capabilities:<tag> (ARTIE_OPERATOR_IMAGE_*).")
    public String image;

    @JsonPropertyDescription("Model endpoint, model lists and API key.")
    public ModelSpec model = new ModelSpec();

    @JsonPropertyDescription("The system prompt's persona: name, tone and instructions.")
    public PersonaSpec persona = new PersonaSpec();

    @JsonPropertyDescription(
            "People's memories: the store, and the volume of the SQLite database (ARTIE_MEMORY_PATH=/data/memory.db).")
    public MemorySpec memory = new MemorySpec();

    @JsonPropertyDescription("Web search for the model: the backend, its address and key.")
    public SearchSpec search = new SearchSpec();

    @Override
    public String image() {
        return image;
    }

    static final String SINGLE_REPLICA_REASON =
            "capabilities.replicas must be 0 or 1 unless capabilities.memory.store is postgres: with sqlite people's memories"
                    + " live in one SQLite file per replica, so a second replica would split them";

    @Override
    public String singleReplicaReason() {
        return memory.onPostgres() ? null : SINGLE_REPLICA_REASON;
    }
}
