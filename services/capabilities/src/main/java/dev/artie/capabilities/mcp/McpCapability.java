package dev.artie.capabilities.mcp;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tools of one MCP server as one capability, {@code mcp-<server>}, with one action per tool: a tag
 * {@code <capability name="mcp-everything" action="get-sum" data='{"a":2,"b":3}' />} or the native tool
 * {@code mcp-everything_get-sum} with the tool's own input schema.
 */
final class McpCapability implements Capability {
    static final String PREFIX = "mcp-";

    private final McpServer server;
    /** Action names are lower case (tags are read case-insensitively); the server wants its own spelling back. */
    private final Map<String, String> toolByAction = new LinkedHashMap<>();

    private final List<CapabilityAction> actions;

    McpCapability(McpServer server) {
        this.server = server;
        for (McpSchema.Tool tool : server.tools()) {
            toolByAction.putIfAbsent(tool.name().toLowerCase(Locale.ROOT), tool.name());
        }
        this.actions = server.tools().stream()
                .filter(tool ->
                        toolByAction.get(tool.name().toLowerCase(Locale.ROOT)).equals(tool.name()))
                .map(McpCapability::action)
                .toList();
    }

    private static CapabilityAction action(McpSchema.Tool tool) {
        Map<String, Object> schema =
                tool.inputSchema() == null || tool.inputSchema().isEmpty()
                        ? Map.of("type", "object", "properties", Map.of())
                        : tool.inputSchema();
        String description =
                tool.description() == null ? tool.name() : tool.description().strip();
        return new CapabilityAction(
                tool.name().toLowerCase(Locale.ROOT), description, schema, onlyTextArgument(schema));
    }

    /** A tool with one required text argument can take it as a content-form tag's text. */
    private static String onlyTextArgument(Map<String, Object> schema) {
        if (schema.get("properties") instanceof Map<?, ?> properties
                && properties.size() == 1
                && properties.values().iterator().next() instanceof Map<?, ?> property
                && "string".equals(property.get("type"))) {
            return String.valueOf(properties.keySet().iterator().next());
        }
        return null;
    }

    @Override
    public String name() {
        return PREFIX + server.name();
    }

    @Override
    public String description() {
        return "Tools of the MCP server '" + server.name() + "'; pass their arguments as JSON in data.";
    }

    @Override
    public List<CapabilityAction> actions() {
        return actions;
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        String tool = toolByAction.get(action);
        if (tool == null) {
            throw new CapabilityException(name() + " has no tool '" + action + "'");
        }
        try {
            return server.call(tool, arguments);
        } catch (McpServer.McpCallException e) {
            throw new CapabilityException(e.getMessage());
        }
    }
}
