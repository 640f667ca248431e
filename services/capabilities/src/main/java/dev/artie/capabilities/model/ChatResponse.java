package dev.artie.capabilities.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The part of a chat-completions answer Artie reads. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatResponse(@Nullable List<Choice> choices) {

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(@Nullable ChatMessage message) {
    }
}
