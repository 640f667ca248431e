package dev.artie.capabilities.conversation;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** `ARTIE_CONVERSATION_*` variables (docs/configuration.md). */
@ConfigurationProperties("artie.conversation")
public record ConversationSettings(@Min(1) @Max(20) int maxRounds,
                                   @Min(0) @Max(500) int historySize) {
}
