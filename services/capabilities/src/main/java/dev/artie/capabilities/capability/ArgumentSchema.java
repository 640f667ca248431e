package dev.artie.capabilities.capability;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a call's arguments against its action's JSON schema before anything runs, with networknt's validator:
 * every required argument is there, none is unknown (unless the schema allows others), and each has its declared
 * type. Only the top level is checked, which is all our actions declare; nested schemas (an MCP tool's) are left
 * to the server that declared them, so the validator gets just that level of the schema.
 */
final class ArgumentSchema {
    /** The types checked here; another (or a list of them) is the declaring server's to check. */
    private static final Set<String> JSON_TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final JsonMapper JSON = JsonMapper.shared();

    private ArgumentSchema() {}

    /** Why the arguments do not fit the action's schema, or empty when they do. */
    static Optional<String> problem(CapabilityAction action, Map<String, Object> arguments) {
        Map<?, ?> properties =
                action.parameters().get("properties") instanceof Map<?, ?> declared ? declared : Map.of();
        Map<String, String> types = new LinkedHashMap<>();
        properties.forEach((name, property) -> types.put(String.valueOf(name), typeOf(property)));
        List<Error> errors = SCHEMAS.getSchema(JSON.valueToTree(topLevel(action, types)))
                .validate(JSON.valueToTree(unquoted(arguments, types)));
        return errors.stream().findFirst().map(error -> describe(error, types));
    }

    /**
     * The top level of the action's schema. Unlike JSON schema's default, an argument the schema does not name is
     * refused unless it says {@code additionalProperties}: a misspelt argument must not be silently dropped.
     */
    private static Map<String, Object> topLevel(CapabilityAction action, Map<String, String> types) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (action.parameters().get("required") instanceof Collection<?> required) {
            schema.put("required", required);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        types.forEach((name, type) -> properties.put(name, type == null ? Map.of() : Map.of("type", type)));
        schema.put("properties", properties);
        schema.put(
                "additionalProperties",
                !Boolean.FALSE.equals(action.parameters().getOrDefault("additionalProperties", false)));
        return schema;
    }

    private static String typeOf(Object property) {
        return property instanceof Map<?, ?> declared
                        && declared.get("type") instanceof String type
                        && JSON_TYPES.contains(type)
                ? type
                : null;
    }

    /**
     * Numbers that came quoted ("10"), as models often send them and {@link Arguments} reads both. Not the
     * validator's typeLoose: that would also take "true" for a boolean and a lone value for an array.
     */
    private static Map<String, Object> unquoted(Map<String, Object> arguments, Map<String, String> types) {
        Map<String, Object> values = new LinkedHashMap<>(arguments);
        values.replaceAll((name, value) -> {
            String type = types.get(name);
            boolean numeric = "number".equals(type) || "integer".equals(type);
            return numeric && value instanceof String text
                    ? decimal(text).<Object>map(number -> number).orElse(value)
                    : value;
        });
        return values;
    }

    private static Optional<BigDecimal> decimal(String text) {
        try {
            return Optional.of(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The validator's finding in the words the model and the person read. */
    private static String describe(Error error, Map<String, String> types) {
        return switch (error.getKeyword()) {
            case "required" -> "the argument '" + error.getProperty() + "' is required";
            case "additionalProperties" ->
                "there is no argument '" + error.getProperty() + "'; the arguments are: "
                        + String.join(", ", types.keySet());
            case "type" -> {
                String name = error.getInstanceLocation().getName(0);
                yield "the argument '" + name + "' must be of type " + types.get(name);
            }
            default -> error.getMessage();
        };
    }
}
