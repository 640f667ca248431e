package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityCall;
import dev.artie.capabilities.capability.CapabilityRegistry;
import dev.artie.capabilities.model.ToolCall;
import dev.artie.capabilities.model.ToolDefinition;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The capabilities as native tools: one function per action, named {@code <capability>_<action>}. */
@Singleton
public class CapabilityTools {
    /** What OpenAI-compatible endpoints accept as a function name; others stay callable as tags. */
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    private final CapabilityRegistry registry;
    private final ObjectMapper json;

    public CapabilityTools(CapabilityRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    public List<ToolDefinition> definitions() {
        List<ToolDefinition> tools = new ArrayList<>();
        for (Capability capability : registry.all()) {
            for (CapabilityAction action : capability.actions()) {
                if (!TOOL_NAME.matcher(toolName(capability, action)).matches()) {
                    continue; // e.g. an MCP tool "files.read": one bad name would make the endpoint refuse every tool
                }
                tools.add(ToolDefinition.function(
                        toolName(capability, action),
                        capability.description() + " " + action.description() + ".",
                        action.parameters()));
            }
        }
        return tools;
    }

    /** The capability call a model's tool call asks for; an unknown tool or unreadable arguments become an error result. */
    public CapabilityCall toCall(ToolCall toolCall) {
        String name = toolCall.function() == null
                ? ""
                : String.valueOf(toolCall.function().name());
        Object arguments =
                toolCall.function() == null ? null : toolCall.function().arguments();
        for (Capability capability : registry.all()) {
            for (CapabilityAction action : capability.actions()) {
                if (toolName(capability, action).equals(name)) {
                    return readArguments(capability.name(), action.name(), arguments);
                }
            }
        }
        return new CapabilityCall(name, "", Map.of(), null, "there is no tool named '" + name + "'");
    }

    /**
     * The native tool call that would have asked for {@code call}, with the id {@code id}: how capabilities run
     * before the model was asked are shown to it, as the turns it was trained on. Empty for a capability whose name
     * is no tool name.
     */
    public Optional<ToolCall> asToolCall(CapabilityCall call, String id) {
        String name = call.capability() + "_" + call.action();
        if (!TOOL_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ToolCall(
                    id, "function", new ToolCall.Function(name, json.writeValueAsString(call.arguments()))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private CapabilityCall readArguments(String capability, String action, Object arguments) {
        if (arguments instanceof Map<?, ?> object) {
            Map<String, Object> named = new LinkedHashMap<>();
            object.forEach((key, value) -> named.put(String.valueOf(key), value));
            return CapabilityCall.of(capability, action, named);
        }
        if (arguments == null || arguments.toString().isBlank()) {
            return CapabilityCall.of(capability, action, Map.of());
        }
        try {
            return CapabilityCall.of(capability, action, json.readValue(arguments.toString(), JSON_OBJECT));
        } catch (IOException | RuntimeException e) {
            return new CapabilityCall(capability, action, Map.of(), null, "the arguments are not a JSON object");
        }
    }

    private static String toolName(Capability capability, CapabilityAction action) {
        return capability.name() + "_" + action.name();
    }
}
