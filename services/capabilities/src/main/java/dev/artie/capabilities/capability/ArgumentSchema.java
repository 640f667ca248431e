package dev.artie.capabilities.capability;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a call's arguments against its action's JSON schema before anything runs: every required argument is
 * there, none is unknown, and each has its declared type. Only the top level is checked, which is all our actions
 * declare; nested schemas (an MCP tool's) are left to the server that declared them.
 */
final class ArgumentSchema {
    private ArgumentSchema() {}

    /** Why the arguments do not fit the action's schema, or empty when they do. */
    static Optional<String> problem(CapabilityAction action, Map<String, Object> arguments) {
        Map<?, ?> properties =
                action.parameters().get("properties") instanceof Map<?, ?> declared ? declared : Map.of();
        if (action.parameters().get("required") instanceof Collection<?> required) {
            for (Object name : required) {
                if (!arguments.containsKey(String.valueOf(name))) {
                    return Optional.of("the argument '" + name + "' is required");
                }
            }
        }
        boolean othersAllowed = !Boolean.FALSE.equals(action.parameters().getOrDefault("additionalProperties", false));
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            if (!(properties.get(argument.getKey()) instanceof Map<?, ?> property)) {
                if (othersAllowed) {
                    continue;
                }
                return Optional.of("there is no argument '" + argument.getKey() + "'; the arguments are: "
                        + String.join(
                                ", ",
                                properties.keySet().stream()
                                        .map(String::valueOf)
                                        .toList()));
            }
            if (property.get("type") instanceof String type && !fits(type, argument.getValue())) {
                return Optional.of("the argument '" + argument.getKey() + "' must be of type " + type);
            }
        }
        return Optional.empty();
    }

    /** JSON types; a number may come quoted ("10"), as models often send it so and {@link Arguments} reads both. */
    private static boolean fits(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "number" -> decimal(value) != null;
            case "integer" ->
                decimal(value) instanceof BigDecimal number
                        && number.stripTrailingZeros().scale() <= 0;
            case "boolean" -> value instanceof Boolean;
            case "array" -> value instanceof List<?>;
            case "object" -> value instanceof Map<?, ?>;
            default -> true; // a type we do not know is the declaring server's to check
        };
    }

    private static BigDecimal decimal(Object value) {
        if (!(value instanceof Number || value instanceof String)) {
            return null;
        }
        try {
            return new BigDecimal(value.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
