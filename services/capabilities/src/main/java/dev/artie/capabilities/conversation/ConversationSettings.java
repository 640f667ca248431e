package dev.artie.capabilities.conversation;

import io.micronaut.context.annotation.ConfigurationProperties;

/** `ARTIE_CONVERSATION_*` variables (docs/configuration.md); checked at start, with the variable named. */
@ConfigurationProperties("artie.conversation")
public record ConversationSettings(int maxRounds, int historySize, int maxPerPerson) {
    static final int MOST_ROUNDS = 20;
    static final int MOST_TURNS = 500;
    static final int MOST_PER_PERSON = 10_000;

    public ConversationSettings {
        if (maxRounds < 1 || maxRounds > MOST_ROUNDS) {
            throw new IllegalArgumentException(
                    "ARTIE_CONVERSATION_MAX_ROUNDS must be between 1 and " + MOST_ROUNDS + ", not " + maxRounds);
        }
        if (historySize < 0 || historySize > MOST_TURNS) {
            throw new IllegalArgumentException(
                    "ARTIE_CONVERSATION_HISTORY_SIZE must be between 0 and " + MOST_TURNS + ", not " + historySize);
        }
        if (maxPerPerson < 1 || maxPerPerson > MOST_PER_PERSON) {
            throw new IllegalArgumentException("ARTIE_CONVERSATION_MAX_PER_PERSON must be between 1 and "
                    + MOST_PER_PERSON + ", not " + maxPerPerson);
        }
    }
}
