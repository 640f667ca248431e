package dev.artie.capabilities.testing;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real HTTP server standing in for an OpenAI-compatible endpoint: each test scripts the answers per model
 * ({@link #script}) or for any model ({@link #ANY}), and reads back every call it received.
 */
public class FakeModelServer implements AutoCloseable {
    public static final String ANY = "*";
    private static final ObjectMapper JSON = ObjectMapper.getDefault();

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Deque<MockResponse>> scripts = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> defaults = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Call, MockResponse> responder;

    /** One request the fake endpoint received. */
    public record Call(String model, String path, String authorization, String body, Map<String, Object> json) {

        /** The chat's messages ({@code role}, {@code content}, ...), in order. */
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> messages() {
            return json.get("messages") instanceof List<?> messages ? (List<Map<String, Object>>) messages : List.of();
        }

        /** What the person said last (the last user message), or "" for none. */
        public String lastUserText() {
            String last = "";
            for (Map<String, Object> message : messages()) {
                if ("user".equals(message.get("role"))) {
                    last = String.valueOf(message.get("content"));
                }
            }
            return last;
        }
    }

    public FakeModelServer() {
        this(null);
    }

    /** Listening on {@code address} (e.g. one a cluster's pods reach); null means loopback. */
    public FakeModelServer(InetAddress address) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().readUtf8();
                Map<String, Object> json = parse(body);
                Call call = new Call(
                        String.valueOf(json.get("model")),
                        request.getPath(),
                        request.getHeader("Authorization"),
                        body,
                        json);
                calls.add(call);
                return next(call);
            }
        });
        try {
            if (address == null) {
                server.start();
            } else {
                server.start(address, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to configure, ending in /v1 like OpenRouter's. */
    public String baseUrl() {
        return server.url("/v1").toString();
    }

    /** Answers the next calls to {@code model} (or {@link #ANY}) with these responses, in order. */
    public FakeModelServer script(String model, MockResponse... responses) {
        scripts.computeIfAbsent(model, m -> new ArrayDeque<>()).addAll(List.of(responses));
        return this;
    }

    /** Answers every call to {@code model} (or {@link #ANY}) with this once its script is used up. */
    public FakeModelServer always(String model, MockResponse response) {
        defaults.put(model, response);
        return this;
    }

    /** Answers the calls nothing is scripted for by asking {@code responder}: by what the person said, say. */
    public FakeModelServer otherwise(Function<Call, MockResponse> responder) {
        this.responder = responder;
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> calledModels() {
        return calls.stream().map(Call::model).toList();
    }

    public void reset() {
        scripts.clear();
        defaults.clear();
        calls.clear();
        responder = null;
    }

    private MockResponse next(Call call) {
        MockResponse scripted = scripted(call.model());
        if (scripted != null) {
            return scripted;
        }
        Function<Call, MockResponse> current = responder;
        return current != null
                ? current.apply(call)
                : status(500, "{\"error\":\"nothing scripted for " + call.model() + "\"}");
    }

    private synchronized MockResponse scripted(String model) {
        for (String key : List.of(model, ANY)) {
            Deque<MockResponse> script = scripts.get(key);
            if (script != null && !script.isEmpty()) {
                return script.poll();
            }
        }
        return defaults.getOrDefault(model, defaults.get(ANY));
    }

    /** A chat completion whose message is {@code content}. */
    public static MockResponse answer(String content) {
        return completion(Map.of("role", "assistant", "content", content));
    }

    /** A chat completion asking for one native tool call; its arguments a JSON string, or an object as some servers send. */
    public static MockResponse toolCall(String id, String function, Object argumentsJson) {
        return completion(Map.of(
                "role",
                "assistant",
                "tool_calls",
                List.of(Map.of(
                        "id",
                        id,
                        "type",
                        "function",
                        "function",
                        Map.of("name", function, "arguments", argumentsJson)))));
    }

    /**
     * A streamed chat completion (server-sent events) whose text arrives in these pieces, with OpenRouter's
     * keep-alive comment first and usage in the last chunk, ended by {@code [DONE]}.
     */
    public static MockResponse streamed(String... pieces) {
        StringBuilder events = new StringBuilder(": OPENROUTER PROCESSING\n\n");
        events.append(event(chunk(Map.of("role", "assistant"), null)));
        for (String piece : pieces) {
            events.append(": OPENROUTER PROCESSING\n\n").append(event(chunk(Map.of("content", piece), null)));
        }
        events.append(event(Map.of(
                "choices",
                List.of(Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop")),
                "usage",
                Map.of("prompt_tokens", 7, "completion_tokens", pieces.length))));
        return eventStream(events.append("data: [DONE]\n\n").toString());
    }

    /** A streamed native tool call whose JSON arguments arrive in these pieces. */
    public static MockResponse streamedToolCall(String id, String function, String... argumentPieces) {
        StringBuilder events = new StringBuilder(event(chunk(
                Map.of(
                        "role",
                        "assistant",
                        "tool_calls",
                        List.of(Map.of(
                                "index",
                                0,
                                "id",
                                id,
                                "type",
                                "function",
                                "function",
                                Map.of("name", function, "arguments", "")))),
                null)));
        for (String piece : argumentPieces) {
            events.append(event(chunk(
                    Map.of("tool_calls", List.of(Map.of("index", 0, "function", Map.of("arguments", piece)))), null)));
        }
        events.append(event(chunk(Map.of(), "tool_calls")));
        return eventStream(events.append("data: [DONE]\n\n").toString());
    }

    /** A stream that sends these pieces, then OpenRouter's mid-stream error event. */
    public static MockResponse streamedThenError(String message, String... pieces) {
        StringBuilder events = new StringBuilder();
        for (String piece : pieces) {
            events.append(event(chunk(Map.of("content", piece), null)));
        }
        events.append(event(Map.of(
                "error",
                Map.of("code", 502, "message", message),
                "choices",
                List.of(Map.of("index", 0, "delta", Map.of("content", ""), "finish_reason", "error")))));
        return eventStream(events.toString());
    }

    /** A stream that sends these pieces and ends, with neither a finish reason nor {@code [DONE]}. */
    public static MockResponse streamedThenCut(String... pieces) {
        StringBuilder events = new StringBuilder();
        for (String piece : pieces) {
            events.append(event(chunk(Map.of("content", piece), null)));
        }
        return eventStream(events.toString());
    }

    private static Map<String, Object> chunk(Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new java.util.LinkedHashMap<>(Map.of("index", 0, "delta", delta));
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        }
        return Map.of("id", "chatcmpl-test", "object", "chat.completion.chunk", "choices", List.of(choice));
    }

    private static String event(Map<String, Object> data) {
        return "data: " + write(data) + "\n\n";
    }

    private static MockResponse eventStream(String events) {
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "text/event-stream")
                .setBody(events);
    }

    public static MockResponse status(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private static MockResponse completion(Map<String, Object> message) {
        return status(
                200,
                write(Map.of(
                        "id",
                        "chatcmpl-test",
                        "object",
                        "chat.completion",
                        "choices",
                        List.of(Map.of("index", 0, "message", message, "finish_reason", "stop")))));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> parse(String body) {
        try {
            Map<String, Object> json = JSON.readValue(body, Argument.mapOf(String.class, Object.class));
            return json == null ? Map.of() : json;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
