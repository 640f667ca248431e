package dev.artie.capabilities.capability;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request to run one capability action, from a tag, a native tool call or plain language.
 *
 * @param content the text between a content-form tag's opening and closing tags, or null
 * @param problem why the request could not be read (e.g. its data was not JSON), or null; it becomes an error result
 */
public record CapabilityCall(
        String capability, String action, Map<String, Object> arguments, String content, String problem) {

    public CapabilityCall {
        capability = capability == null ? "" : capability.strip().toLowerCase(Locale.ROOT);
        action = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
        arguments = arguments == null ? Map.of() : withoutNulls(arguments);
    }

    public static CapabilityCall of(String capability, String action, Map<String, Object> arguments) {
        return new CapabilityCall(capability, action, arguments, null, null);
    }

    /** How the call reads in a result line, e.g. {@code calculator.calculate}. */
    public String label() {
        return capability + "." + action;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> arguments) {
        Map<String, Object> copy = new LinkedHashMap<>();
        arguments.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return Map.copyOf(copy);
    }
}
