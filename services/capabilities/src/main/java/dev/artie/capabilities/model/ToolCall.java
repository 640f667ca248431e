package dev.artie.capabilities.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A native tool call in a model's answer. {@code arguments} is a JSON object written as a string (OpenAI), or, from
 * some OpenAI-compatible servers, the object itself; it is sent back as it came.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolCall(String id, String type, Function function) {

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Function(String name, @Nullable Object arguments) {}
}
