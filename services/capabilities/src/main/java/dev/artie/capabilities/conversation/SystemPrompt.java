package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityRegistry;
import dev.artie.capabilities.web.WebCapability;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** Tells the model who it is, which capabilities it has and how to call them with tags. */
@Singleton
public class SystemPrompt {
    /** Capabilities with this prefix are an MCP server's tools (see the mcp package). */
    private static final String MCP_PREFIX = "mcp-";

    private final String capabilities;
    private final String mcpNote;
    private final String searchNote;
    private final PersonaSettings persona;

    public SystemPrompt(CapabilityRegistry registry, PersonaSettings persona, WebCapability web) {
        this.persona = persona;
        this.searchNote = web.searches()
                ? "Search the web for news and anything that may have changed since you learned it, and cite the "
                        + "links of the results your answer uses. "
                : "";
        this.mcpNote = registry.all().stream().anyMatch(c -> c.name().startsWith(MCP_PREFIX))
                ? "Capabilities named mcp-<server> are tools of outside MCP servers, one action per tool; pass the "
                        + "arguments their schema names as JSON in data, e.g. "
                        + "<capability name=\"mcp-everything\" action=\"get-sum\" data='{\"a\":2,\"b\":3}' />\n"
                : "";
        StringBuilder text = new StringBuilder();
        for (Capability capability : registry.all()) {
            text.append("- ")
                    .append(capability.name())
                    .append(": ")
                    .append(capability.description())
                    .append('\n');
            for (CapabilityAction action : capability.actions()) {
                text.append("  - action \"")
                        .append(action.name())
                        .append("\" (")
                        .append(String.join(", ", argumentNames(action)))
                        .append("): ")
                        .append(action.description())
                        .append('\n');
            }
        }
        this.capabilities = text.toString();
    }

    public String text(String channel) {
        String instructions = persona.instructions().isEmpty() ? "" : "\n\n" + persona.instructions();
        String tone = persona.tone().isEmpty() ? "" : " Be " + persona.tone() + ".";
        return """
                You are %s, an assistant chatting with a person over %s.%s

                You have capabilities. To use one, write a capability tag; Artie runs it and sends you the result, \
                then you answer the person. Arguments go in the data attribute as JSON:
                <capability name="calculator" action="calculate" data='{"expression":"17%% of 240"}' />
                or, for the main argument, between the tags:
                <capability name="memory" action="remember">my favourite food is ramen</capability>
                When tools are offered you may call them as tools instead.

                Capabilities:
                %s%s
                Use the calculator for all arithmetic, units for conversions and the clock for today's date and the \
                time. %sMemories belong to the person you are talking with. \
                Results Artie already ran for the person's message are given to you before it; use them. \
                Your final answer is plain text for the person, without capability tags.%s""".formatted(persona.name(), channel, tone, capabilities, mcpNote, searchNote, instructions);
    }

    private static List<String> argumentNames(CapabilityAction action) {
        Object properties = action.parameters().get("properties");
        return properties instanceof Map<?, ?> map
                ? map.keySet().stream().map(String::valueOf).toList()
                : List.of();
    }
}
