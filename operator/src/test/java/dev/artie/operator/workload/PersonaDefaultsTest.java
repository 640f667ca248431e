package dev.artie.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.operator.crd.PersonaSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's persona settings fill in what an ArtieDeployment's persona leaves out. */
class PersonaDefaultsTest {
    @Test
    void theOperatorsPersonaIsTheDefaultOfASpecThatNamesNone() {
        var persona = new PersonaSpec();
        persona.tone = "dry";
        var defaults = PersonaDefaults.fromEnvironment(Map.of(
                "ARTIE_OPERATOR_PERSONA_NAME",
                "Maple",
                "ARTIE_OPERATOR_PERSONA_TONE",
                "warm",
                "ARTIE_OPERATOR_PERSONA_INSTRUCTIONS",
                " "));
        var env = new LinkedHashMap<String, String>();

        ServiceConfig.putPersona(env, persona, defaults);

        assertThat(env)
                .containsExactlyInAnyOrderEntriesOf(Map.of("ARTIE_PERSONA_NAME", "Maple", "ARTIE_PERSONA_TONE", "dry"));
    }
}
