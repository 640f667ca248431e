package dev.artie.capabilities.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The part of a chat-completions answer Artie reads. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
record CompletionResponse(
        @Nullable List<Choice> choices, @Nullable Usage usage) {

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(@Nullable ChatMessage message) {}

    /** Tokens (and, from OpenRouter, cost in credits/USD) as the provider reports them; any may be absent. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(
            @JsonProperty("prompt_tokens") @Nullable Long promptTokens,
            @JsonProperty("completion_tokens") @Nullable Long completionTokens,
            @Nullable Double cost) {}
}
