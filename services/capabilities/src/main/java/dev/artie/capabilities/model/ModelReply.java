package dev.artie.capabilities.model;

import java.util.List;

/** What a model answered: text (maybe with capability tags), native tool calls, or both. */
public record ModelReply(String model, String content, List<ToolCall> toolCalls) {
    public ModelReply {
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ChatMessage asMessage() {
        return toolCalls.isEmpty()
                ? ChatMessage.assistant(content)
                : ChatMessage.assistantCalling(content.isEmpty() ? null : content, toolCalls);
    }
}
