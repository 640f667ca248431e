package dev.artie.capabilities.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The body of a chat-completions call; no tools are sent when there are none (some endpoints refuse an empty list).
 * {@code max_tokens} bounds the answer: without it a model may go on until its context is full. {@code stream} asks
 * for server-sent events; an endpoint that cannot stream answers whole, which is read as well.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record CompletionRequest(
        String model,
        List<ChatMessage> messages,
        @Nullable List<ToolDefinition> tools,
        @JsonProperty("max_tokens") int maxTokens,
        boolean stream) {}
