package dev.artie.capabilities.model;

import io.micronaut.serde.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A streamed chat completion ({@code text/event-stream}) read event by event: text is handed to {@link PartialText}
 * as it grows, tool-call pieces are assembled by index, comment lines (OpenRouter's {@code : OPENROUTER PROCESSING})
 * are keep-alives. Bounded like {@link BoundedBody}; done at {@code [DONE]}, at an error event or when the
 * connection ends.
 */
final class EventStreamBody implements HttpResponse.BodySubscriber<EventStreamBody.Streamed> {
    private static final String DONE = "[DONE]";

    /**
     * What the stream held.
     *
     * @param error    the message of an error event, or null
     * @param complete {@code [DONE]} came, or a choice had a finish reason before the connection ended
     * @param detail   for logs when the stream is unusable
     */
    record Streamed(
            String content,
            List<ToolCall> toolCalls,
            CompletionResponse.Usage usage,
            String error,
            boolean complete,
            String detail) {}

    private final int maxBytes;
    private final ObjectMapper json;
    private final PartialText partial;
    private final CompletableFuture<Streamed> body = new CompletableFuture<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final Map<Integer, ToolCallBuilder> toolCalls = new TreeMap<>();
    private Flow.Subscription subscription;
    private long received;
    private boolean finished;
    private CompletionResponse.Usage usage;

    private EventStreamBody(int maxBytes, ObjectMapper json, PartialText partial) {
        this.maxBytes = maxBytes;
        this.json = json;
        this.partial = partial;
    }

    static HttpResponse.BodySubscriber<Streamed> upTo(int maxBytes, ObjectMapper json, PartialText partial) {
        return new EventStreamBody(maxBytes, json, partial);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            received += buffer.remaining();
            if (received > maxBytes) {
                end(null, new BoundedBody.TooLarge(maxBytes));
                return;
            }
            while (buffer.hasRemaining() && !body.isDone()) {
                byte b = buffer.get();
                if (b == '\n') {
                    line(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (body.isDone()) {
                return;
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (line.size() > 0) {
            line(line.toString(StandardCharsets.UTF_8));
        }
        dispatch();
        if (!body.isDone()) {
            body.complete(result(null, finished, finished ? "ok" : "the stream ended before [DONE]"));
        }
    }

    @Override
    public CompletionStage<Streamed> getBody() {
        return body;
    }

    private void line(String text) {
        String value = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (value.isEmpty()) {
            dispatch();
        } else if (value.startsWith("data:")) {
            String piece = value.substring(5);
            data.append(data.isEmpty() ? "" : "\n").append(piece.startsWith(" ") ? piece.substring(1) : piece);
        }
        // Comments (":...") and the fields event, id and retry say nothing Artie uses.
    }

    private void dispatch() {
        if (data.isEmpty() || body.isDone()) {
            data.setLength(0);
            return;
        }
        String event = data.toString();
        data.setLength(0);
        if (event.strip().equals(DONE)) {
            end(result(null, true, "ok"), null);
            return;
        }
        StreamChunk chunk;
        try {
            chunk = json.readValue(event, StreamChunk.class);
        } catch (IOException | RuntimeException e) {
            end(result(null, false, "not a chat completion chunk: " + event), null);
            return;
        }
        if (chunk == null) {
            return;
        }
        if (chunk.error() != null) {
            String message =
                    chunk.error().message() == null ? "error" : chunk.error().message();
            end(result(message, false, "error in the stream: " + message), null);
            return;
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return;
        }
        StreamChunk.Choice choice = chunk.choices().getFirst();
        if (choice.finishReason() != null) {
            finished = true;
        }
        StreamChunk.Delta delta = choice.delta();
        if (delta == null) {
            return;
        }
        if (delta.toolCalls() != null) {
            for (StreamChunk.ToolCallDelta piece : delta.toolCalls()) {
                int index = piece.index() == null ? 0 : piece.index();
                toolCalls.computeIfAbsent(index, i -> new ToolCallBuilder()).add(piece);
            }
        }
        if (delta.content() != null && !delta.content().isEmpty()) {
            content.append(delta.content());
            partial.text(content.toString());
        }
    }

    private Streamed result(String error, boolean complete, String detail) {
        List<ToolCall> calls = new ArrayList<>();
        toolCalls.values().forEach(builder -> calls.add(builder.build()));
        return new Streamed(content.toString(), calls, usage, error, complete, detail);
    }

    private void end(Streamed result, Throwable failure) {
        subscription.cancel();
        if (failure != null) {
            body.completeExceptionally(failure);
        } else {
            body.complete(result);
        }
    }

    private final class ToolCallBuilder {
        private String id;
        private String type;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void add(StreamChunk.ToolCallDelta piece) {
            id = piece.id() != null ? piece.id() : id;
            type = piece.type() != null ? piece.type() : type;
            if (piece.function() == null) {
                return;
            }
            name = piece.function().name() != null ? piece.function().name() : name;
            switch (piece.function().arguments()) {
                case null -> {}
                case String text -> arguments.append(text);
                // Some OpenAI-compatible servers send the arguments as an object, in one piece.
                default -> {
                    try {
                        arguments.append(
                                json.writeValueAsString(piece.function().arguments()));
                    } catch (IOException e) {
                        arguments.append(piece.function().arguments());
                    }
                }
            }
        }

        ToolCall build() {
            return new ToolCall(
                    id,
                    type == null ? "function" : type,
                    new ToolCall.Function(name, arguments.isEmpty() ? "{}" : arguments.toString()));
        }
    }
}
