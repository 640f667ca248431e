package dev.artie.capabilities.model;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** A tool offered to the model: a function name, what it does and the JSON schema of its arguments. */
@Serdeable
public record ToolDefinition(String type, Function function) {

    public static ToolDefinition function(String name, String description, Map<String, Object> parameters) {
        return new ToolDefinition("function", new Function(name, description, parameters));
    }

    @Serdeable
    public record Function(String name, String description, Map<String, Object> parameters) {}
}
