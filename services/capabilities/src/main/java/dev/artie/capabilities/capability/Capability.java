package dev.artie.capabilities.capability;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Something Artie can do besides talking: the model asks for it with a capability tag or a native tool call, and
 * plain language can trigger it too. Implementations are beans; the registry finds them.
 */
public interface Capability {

    /** Lower-case name used in tags and tool names, e.g. {@code calculator}. */
    String name();

    /** One sentence for the system prompt and the tool schema. */
    String description();

    List<CapabilityAction> actions();

    /**
     * Runs one action.
     *
     * @param arguments the call's arguments (from a tag's data or content, or a tool call's JSON)
     * @param context   who is speaking; capabilities that keep personal data must use it, never the arguments
     * @return text for the model (and for an offline reply)
     * @throws CapabilityException when the call cannot be done; its message is shown to the model
     */
    String execute(String action, Map<String, Object> arguments, CapabilityContext context) throws CapabilityException;

    /**
     * The value within {@code output} that this action computed exactly (a sum, a conversion), which an answer built
     * on it must state; empty for everything else. A reply that leaves it out gets the output added
     * (docs/architecture.md, "Answers that agree with the capabilities").
     */
    default Optional<String> exactValue(String action, String output) {
        return Optional.empty();
    }

    /** The first word after " = " in "17% of 240 = 40.8" or "10 km = 6.21371 mi": how exact outputs state a value. */
    static Optional<String> valueAfterEquals(String output) {
        int equals = output.lastIndexOf(" = ");
        if (equals < 0) {
            return Optional.empty();
        }
        String rest = output.substring(equals + 3).strip();
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest.split("\\s+")[0]);
    }
}
