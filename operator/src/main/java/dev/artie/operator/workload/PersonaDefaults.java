package dev.artie.operator.workload;

import java.util.Map;

/**
 * The persona an ArtieDeployment gets when its spec names none (ARTIE_OPERATOR_PERSONA_NAME, _TONE, _INSTRUCTIONS;
 * chart values persona.*), so one operator gives all its installations one persona; null fields leave the
 * service's own defaults.
 */
public record PersonaDefaults(String name, String tone, String instructions) {
    private static final PersonaDefaults PROCESS = fromEnvironment(System.getenv());

    /** The defaults of this operator process, from its environment. */
    public static PersonaDefaults process() {
        return PROCESS;
    }

    public static PersonaDefaults fromEnvironment(Map<String, String> env) {
        return new PersonaDefaults(
                setOrNull(env.get("ARTIE_OPERATOR_PERSONA_NAME")),
                setOrNull(env.get("ARTIE_OPERATOR_PERSONA_TONE")),
                setOrNull(env.get("ARTIE_OPERATOR_PERSONA_INSTRUCTIONS")));
    }

    private static String setOrNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
