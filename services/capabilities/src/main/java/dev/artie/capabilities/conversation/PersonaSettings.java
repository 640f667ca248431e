package dev.artie.capabilities.conversation;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * `ARTIE_PERSONA_*` variables (docs/configuration.md): who the model is told it is, in the system prompt's first
 * lines. The capability part of the prompt stays generated from the registry whatever the persona says.
 */
@ConfigurationProperties("artie.persona")
public record PersonaSettings(String name, String tone, String instructions) {
    static final int LONGEST_NAME = 60;
    static final int LONGEST_TONE = 200;
    static final int LONGEST_INSTRUCTIONS = 4000;

    public PersonaSettings {
        name = name == null ? "" : name.strip();
        tone = tone == null ? "" : tone.strip();
        instructions = instructions == null ? "" : instructions.strip();
        if (name.isEmpty() || name.length() > LONGEST_NAME || name.contains("\n")) {
            throw new IllegalArgumentException(
                    "ARTIE_PERSONA_NAME must be one line of 1 to " + LONGEST_NAME + " characters");
        }
        if (tone.length() > LONGEST_TONE || tone.contains("\n")) {
            throw new IllegalArgumentException(
                    "ARTIE_PERSONA_TONE must be one line of at most " + LONGEST_TONE + " characters");
        }
        if (instructions.length() > LONGEST_INSTRUCTIONS) {
            throw new IllegalArgumentException("ARTIE_PERSONA_INSTRUCTIONS must be at most " + LONGEST_INSTRUCTIONS
                    + " characters, not " + instructions.length());
        }
    }
}
