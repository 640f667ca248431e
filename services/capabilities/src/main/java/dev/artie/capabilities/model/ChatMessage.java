package dev.artie.capabilities.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One message of an OpenAI-style chat: system, user, assistant (maybe asking for tools) or a tool's result. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatMessage(
        String role,
        @Nullable String content,
        @Nullable @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @Nullable @JsonProperty("tool_call_id") String toolCallId) {

    /** Heads the results of capabilities given as text: after capability tags, and for an endpoint without tools. */
    public static final String TOOL_RESULTS_HEADING = "Capability results:\n";

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, null);
    }

    public static ChatMessage assistantCalling(@Nullable String content, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", content, toolCalls, null);
    }

    public static ChatMessage toolResult(String toolCallId, String content) {
        return new ChatMessage("tool", content, null, toolCallId);
    }

    public boolean hasToolCalls() {
        return toolCalls != null && !toolCalls.isEmpty();
    }

    /**
     * The chat for an endpoint that takes no tools: each assistant turn that called tools keeps only its text, and
     * each run of tool results becomes one user message listing them (the form capability tags get their results in),
     * since such endpoints refuse tool turns as they refuse tool schemas.
     */
    public static List<ChatMessage> withoutToolTurns(List<ChatMessage> messages) {
        List<ChatMessage> plain = new java.util.ArrayList<>();
        StringBuilder results = new StringBuilder();
        for (ChatMessage message : messages) {
            if ("tool".equals(message.role())) {
                results.append(results.isEmpty() ? "" : "\n").append(message.content());
                continue;
            }
            if (!results.isEmpty()) {
                plain.add(user(TOOL_RESULTS_HEADING + results));
                results.setLength(0);
            }
            if (message.hasToolCalls()) {
                if (message.content() != null && !message.content().isBlank()) {
                    plain.add(assistant(message.content()));
                }
                continue;
            }
            plain.add(message);
        }
        if (!results.isEmpty()) {
            plain.add(user(TOOL_RESULTS_HEADING + results));
        }
        return plain;
    }
}
