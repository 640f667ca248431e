package dev.artie.cli.bench;

import dev.artie.capabilities.model.ChatCompletionsClient;
import dev.artie.capabilities.model.ChatMessage;
import dev.artie.capabilities.model.ModelRouter;
import dev.artie.capabilities.model.ModelSettings;
import dev.artie.capabilities.model.PartialText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * (c) The capabilities service's {@link ModelRouter} (with its real chat-completions client) against a bare HTTP
 * call carrying the same request to the same instant model, alternating so that both see the same conditions.
 */
final class RouterOverhead {
    private static final List<ChatMessage> MESSAGES =
            List.of(ChatMessage.system("You are Artie."), ChatMessage.user("hello"));
    private static final String SAME_REQUEST = """
            {"model":"%s","messages":[{"role":"system","content":"You are Artie."},{"role":"user","content":"hello"}]}""".formatted(FakeModel.MODEL);

    record Result(Latencies direct, Latencies router) {}

    private final FakeModel model;

    RouterOverhead(FakeModel model) {
        this.model = model;
    }

    Result measure(int warmUp, int calls) throws Exception {
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        ModelSettings settings = new ModelSettings(
                model.baseUrl(),
                "bench-key",
                null,
                List.of(FakeModel.MODEL),
                List.of(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                false,
                1024);
        ModelRouter router = new ModelRouter(
                settings,
                new ChatCompletionsClient(settings, ObjectMapper.getDefault(), metrics, clock),
                metrics,
                clock);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest direct = HttpRequest.newBuilder(model.completionsUrl())
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer bench-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SAME_REQUEST))
                .build();

        Result result = new Result(new Latencies(calls), new Latencies(calls));
        for (int i = 0; i < warmUp + calls; i++) {
            long start = System.nanoTime();
            callDirectly(http, direct);
            long between = System.nanoTime();
            router.complete(MESSAGES, List.of(), router.newDeadline(), PartialText.NONE);
            long end = System.nanoTime();
            if (i >= warmUp) {
                result.direct().add(between - start);
                result.router().add(end - between);
            }
        }
        return result;
    }

    private static void callDirectly(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the fake model answered " + response.statusCode());
        }
    }
}
