package dev.artie.capabilities.capability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One action of a capability.
 *
 * @param parameters      the JSON schema of its arguments (offered to the model as a tool)
 * @param contentArgument the argument a content-form tag fills: {@code <capability ...>this</capability>}
 */
public record CapabilityAction(String name, String description, Map<String, Object> parameters,
                               String contentArgument) {

    /** An action whose arguments are all strings; the first is the one a content-form tag fills. */
    public static CapabilityAction withTextArguments(String name, String description, List<String> required,
                                                     Map<String, String> arguments) {
        Map<String, Object> properties = new LinkedHashMap<>();
        arguments.forEach((argument, meaning) ->
                properties.put(argument, Map.of("type", "string", "description", meaning)));
        Map<String, Object> schema = Map.of("type", "object", "properties", properties, "required", required);
        return new CapabilityAction(name, description, schema, arguments.keySet().iterator().next());
    }
}
