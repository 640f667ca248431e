package dev.artie.capabilities.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One server-sent event of a streamed chat completion ({@code chat.completion.chunk}), the part Artie reads. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
record StreamChunk(
        @Nullable List<Choice> choices,
        @Nullable CompletionResponse.Usage usage,
        @Nullable Error error) {

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(
            @Nullable Delta delta,
            @JsonProperty("finish_reason") @Nullable String finishReason) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Delta(
            @Nullable String content,
            @JsonProperty("tool_calls") @Nullable List<ToolCallDelta> toolCalls) {}

    /** A piece of a tool call: the first of an index names it, the following ones add to its arguments. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolCallDelta(
            @Nullable Integer index,
            @Nullable String id,
            @Nullable String type,
            @Nullable FunctionDelta function) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FunctionDelta(@Nullable String name, @Nullable Object arguments) {}

    /** OpenRouter's mid-stream error: the provider failed after the answer had started. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(@Nullable String message, @Nullable Object code) {}
}
