package dev.artie.capabilities.model;

import dev.artie.shared.queue.WorkInterruptedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.serde.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call to an OpenAI-compatible {@code /chat/completions} endpoint, streamed ({@code stream: true}, read by
 * {@link EventStreamBody}) or, from an endpoint that does not stream, read whole; classified and measured
 * ({@code artie.model.calls} by model and outcome). The API key goes into the Authorization header and nowhere else:
 * neither the outcome's detail nor any log line carries it.
 */
@Singleton
public class ChatCompletionsClient {
    private static final int DETAIL_LENGTH = 200;
    /**
     * A bound on the answer's body: max_tokens bounds what a well-behaved endpoint sends, this what any endpoint can
     * make the service hold. Far above max_tokens' worth of JSON at the largest settings in use.
     */
    static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private final ModelSettings settings;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final HttpClient http;
    /** The tools last sent and their JSON; see {@link #body}. */
    private volatile EncodedTools lastTools = new EncodedTools(List.of(), "");

    private record EncodedTools(List<ToolDefinition> tools, String json) {}

    public ChatCompletionsClient(ModelSettings settings, ObjectMapper json, MeterRegistry metrics, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .build();
    }

    /**
     * How one call ended.
     *
     * @param retryAfter how long the endpoint asked us to wait (429), or null
     * @param refused    the endpoint refused the request itself (400, 404, 422), e.g. a model without tool support
     * @param detail     for logs: status and the start of the body, with the key removed
     */
    public record Attempt(
            ModelOutcome outcome, ModelReply reply, Duration retryAfter, boolean refused, String detail) {}

    /**
     * Hands streamed text to {@code partial} as it arrives.
     *
     * @throws WorkInterruptedException when the calling thread is interrupted while it waits for the model
     */
    public Attempt call(
            String model,
            List<ChatMessage> messages,
            List<ToolDefinition> tools,
            Duration timeout,
            PartialText partial) {
        Timer.Sample sample = Timer.start(metrics);
        Attempt attempt = send(model, messages, tools, timeout, partial);
        sample.stop(Timer.builder("artie.model.calls")
                .tag("model", model)
                .tag("outcome", attempt.outcome().tag())
                .description("Calls to the language model endpoint")
                .publishPercentileHistogram()
                .register(metrics));
        return attempt;
    }

    private Attempt send(
            String model,
            List<ChatMessage> messages,
            List<ToolDefinition> tools,
            Duration timeout,
            PartialText partial) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(settings.completionsUrl())
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("X-Title", "Artie")
                    .POST(HttpRequest.BodyPublishers.ofString(body(model, messages, tools)));
            if (settings.hasApiKey()) {
                builder.header("Authorization", "Bearer " + settings.apiKey());
            }
            request = builder.build();
        } catch (IOException e) {
            return failed(ModelOutcome.ERROR, "cannot encode the request: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // Not e's message: a header refused for a bad character would quote the key.
            return failed(ModelOutcome.ERROR, "cannot build the request: check the API key for stray characters");
        }
        CompletableFuture<HttpResponse<Object>> pending = http.sendAsync(
                request,
                info -> streamed(info)
                        ? HttpResponse.BodySubscribers.mapping(
                                EventStreamBody.upTo(MAX_BODY_BYTES, json, partial), b -> b)
                        : HttpResponse.BodySubscribers.mapping(
                                BoundedBody.upTo(MAX_BODY_BYTES).apply(info), b -> b));
        try {
            // The request time-out only covers the headers; this bounds the body too.
            return classify(model, pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return failed(ModelOutcome.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return switch (e.getCause()) {
                case HttpTimeoutException timedOut ->
                    failed(ModelOutcome.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
                case BoundedBody.TooLarge tooLarge -> failed(ModelOutcome.MALFORMED, tooLarge.getMessage());
                default ->
                    failed(
                            ModelOutcome.ERROR,
                            "cannot reach the endpoint: "
                                    + e.getCause().getClass().getSimpleName());
            };
        } catch (InterruptedException e) {
            // The service is stopping: not a model failure. No other model is asked and no offline reply made;
            // the message stays pending and is answered after the restart.
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new WorkInterruptedException("interrupted while waiting for model " + model);
        }
    }

    /**
     * The request's JSON. The tools are the same from one call to the next (their schemas change only when an MCP
     * server's do) and were the largest part of encoding every request (a tenth of the service's CPU under
     * ./artie bench, issue 11 item 5), so they are encoded once and added to the rest as they were encoded.
     */
    private String body(String model, List<ChatMessage> messages, List<ToolDefinition> tools) throws IOException {
        String rest = json.writeValueAsString(new CompletionRequest(model, messages, null, settings.maxTokens(), true));
        if (tools == null || tools.isEmpty()) {
            return rest;
        }
        EncodedTools encoded = lastTools;
        if (!encoded.tools().equals(tools)) {
            encoded = new EncodedTools(List.copyOf(tools), json.writeValueAsString(tools));
            lastTools = encoded;
        }
        // rest is one JSON object: "}" ends it.
        return rest.substring(0, rest.length() - 1) + ",\"tools\":" + encoded.json() + "}";
    }

    /** Only a successful answer is read as a stream; errors come as a plain body even when streaming was asked. */
    private static boolean streamed(HttpResponse.ResponseInfo info) {
        return info.statusCode() == 200
                && info.headers()
                        .firstValue("Content-Type")
                        .map(type -> type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream"))
                        .orElse(false);
    }

    private Attempt classify(String model, HttpResponse<Object> response) {
        if (response.body() instanceof EventStreamBody.Streamed streamed) {
            return parse(model, streamed);
        }
        int status = response.statusCode();
        String body = (String) response.body();
        String detail = "HTTP " + status + ": " + redact(body);
        return switch (status) {
            case 200 -> parse(model, body);
            case 402 -> failed(ModelOutcome.NO_CREDITS, detail);
            case 429 ->
                new Attempt(
                        ModelOutcome.RATE_LIMITED,
                        null,
                        RetryAfter.parse(
                                        response.headers()
                                                .firstValue("Retry-After")
                                                .orElse(null),
                                        clock.instant())
                                .orElse(null),
                        false,
                        detail);
            case 400, 404, 422 -> new Attempt(ModelOutcome.ERROR, null, null, true, detail);
            case 408 -> failed(ModelOutcome.TIMEOUT, detail);
            default -> failed(status >= 500 ? ModelOutcome.SERVER_ERROR : ModelOutcome.ERROR, detail);
        };
    }

    /** A 200 without a usable message (OpenRouter also sends errors with 200) is malformed: try another model. */
    private Attempt parse(String model, String body) {
        CompletionResponse response;
        try {
            response = json.readValue(body, CompletionResponse.class);
        } catch (IOException | RuntimeException e) {
            return failed(ModelOutcome.MALFORMED, "not a chat completion: " + redact(body));
        }
        ChatMessage message = response == null
                        || response.choices() == null
                        || response.choices().isEmpty()
                ? null
                : response.choices().getFirst().message();
        boolean hasText = message != null
                && message.content() != null
                && !message.content().isBlank();
        if (message == null || !hasText && !message.hasToolCalls()) {
            return failed(ModelOutcome.MALFORMED, "no message in the answer: " + redact(body));
        }
        countUsage(model, response.usage());
        return new Attempt(
                ModelOutcome.OK, new ModelReply(model, message.content(), message.toolCalls()), null, false, "ok");
    }

    /**
     * A stream with an error event failed on the provider's side; one cut before its end is malformed, and so is
     * one that finished with neither text nor tool calls. Either way the next model is asked.
     */
    private Attempt parse(String model, EventStreamBody.Streamed streamed) {
        if (streamed.error() != null) {
            return failed(ModelOutcome.SERVER_ERROR, redact(streamed.detail()));
        }
        if (!streamed.complete()) {
            return failed(ModelOutcome.MALFORMED, redact(streamed.detail()));
        }
        if (streamed.content().isBlank() && streamed.toolCalls().isEmpty()) {
            return failed(ModelOutcome.MALFORMED, "no message in the stream");
        }
        countUsage(model, streamed.usage());
        return new Attempt(
                ModelOutcome.OK, new ModelReply(model, streamed.content(), streamed.toolCalls()), null, false, "ok");
    }

    /** artie.model.tokens and artie.model.cost, where the provider reports them (docs/observability.md). */
    private void countUsage(String model, CompletionResponse.Usage usage) {
        if (usage == null) {
            return;
        }
        if (usage.promptTokens() != null && usage.promptTokens() >= 0) {
            metrics.counter("artie.model.tokens", "model", model, "kind", "prompt")
                    .increment(usage.promptTokens());
        }
        if (usage.completionTokens() != null && usage.completionTokens() >= 0) {
            metrics.counter("artie.model.tokens", "model", model, "kind", "completion")
                    .increment(usage.completionTokens());
        }
        if (usage.cost() != null && usage.cost() >= 0 && Double.isFinite(usage.cost())) {
            metrics.counter("artie.model.cost", "model", model).increment(usage.cost());
        }
    }

    private String redact(String body) {
        String text = body == null ? "" : body.strip();
        if (settings.hasApiKey()) {
            text = text.replace(settings.apiKey(), "[redacted]");
        }
        return text.length() > DETAIL_LENGTH ? text.substring(0, DETAIL_LENGTH) + "..." : text;
    }

    private static Attempt failed(ModelOutcome outcome, String detail) {
        return new Attempt(outcome, null, null, false, detail);
    }

    @PreDestroy
    void close() {
        http.shutdownNow();
    }
}
