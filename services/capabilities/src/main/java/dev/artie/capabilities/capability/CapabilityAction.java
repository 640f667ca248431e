package dev.artie.capabilities.capability;

import java.util.List;
import java.util.Map;

/**
 * One action of a capability.
 *
 * @param parameters      the JSON schema of its arguments (offered to the model as a tool)
 * @param contentArgument the argument a content-form tag fills: {@code <capability ...>this</capability>}
 */
public record CapabilityAction(
        String name, String description, Map<String, Object> parameters, String contentArgument) {

    /** An action taking one text argument, which a content-form tag fills. */
    public static CapabilityAction withTextArgument(
            String name, String description, String argument, String meaning, boolean required) {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of(argument, Map.of("type", "string", "description", meaning)),
                "required",
                required ? List.of(argument) : List.of());
        return new CapabilityAction(name, description, schema, argument);
    }
}
