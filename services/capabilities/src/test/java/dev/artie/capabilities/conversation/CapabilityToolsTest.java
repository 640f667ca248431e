package dev.artie.capabilities.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityRegistry;
import dev.artie.capabilities.model.ToolDefinition;
import io.micronaut.serde.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilityToolsTest {
    /** Like an MCP server whose tool names endpoints would not accept as function names. */
    private static final Capability FILES = new Capability() {
        @Override
        public String name() {
            return "mcp-files";
        }

        @Override
        public String description() {
            return "files";
        }

        @Override
        public List<CapabilityAction> actions() {
            return List.of(
                    CapabilityAction.withTextArgument("read", "read", "path", "a path", true),
                    CapabilityAction.withTextArgument("files.list", "list", "path", "a path", true),
                    CapabilityAction.withTextArgument("x".repeat(60), "long", "path", "a path", true));
        }

        @Override
        public String execute(String action, Map<String, Object> arguments, CapabilityContext context) {
            return action;
        }
    };

    @Test
    void offersOnlyToolNamesEndpointsAccept() {
        CapabilityTools tools =
                new CapabilityTools(new CapabilityRegistry(List.of(FILES), List.of()), ObjectMapper.getDefault());

        assertThat(tools.definitions())
                .extracting(ToolDefinition::function)
                .extracting(f -> f.name())
                .containsExactly("mcp-files_read");
    }
}
