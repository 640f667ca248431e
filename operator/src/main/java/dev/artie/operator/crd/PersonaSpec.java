package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Who the model is told it is (ARTIE_PERSONA_*); unset fields keep the service's defaults. */
public class PersonaSpec {
    @Size(max = 60)
    @Pattern("^[^\\n]+$")
    @JsonPropertyDescription("Name the model is told it has (ARTIE_PERSONA_NAME); unset: Artie.")
    public String name;

    @Size(max = 200)
    @Pattern("^[^\\n]*$")
    @JsonPropertyDescription(
            "How it should sound, e.g. warm and playful (ARTIE_PERSONA_TONE); unset: friendly, concise.")
    public String tone;

    @Size(max = 4000)
    @JsonPropertyDescription(
            "Further instructions ending the system prompt (ARTIE_PERSONA_INSTRUCTIONS); the capability list stays generated.")
    public String instructions;
}
