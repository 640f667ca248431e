package dev.artie.capabilities.model;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.MutableClock;
import dev.artie.shared.testing.LogCapture;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.serde.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The router against a real HTTP server scripted as the model endpoint. */
class ModelRouterTest {
    private static final String KEY = "sk-or-v1-SECRET-test-key-0123456789";
    private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("hello"));
    private static final int MAX_TOKENS = 321;

    private final FakeModelServer endpoint = new FakeModelServer();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private ModelRouter router(List<String> models, List<String> freeModels) {
        return router(models, freeModels, Duration.ofSeconds(5), Duration.ofSeconds(30), KEY);
    }

    private ModelRouter router(
            List<String> models, List<String> freeModels, Duration requestTimeout, Duration deadline, String key) {
        ModelSettings settings = new ModelSettings(
                URI.create(endpoint.baseUrl()),
                key,
                "",
                models,
                freeModels,
                requestTimeout,
                deadline,
                Duration.ofSeconds(60),
                true,
                MAX_TOKENS);
        return new ModelRouter(
                settings,
                new ChatCompletionsClient(settings, ObjectMapper.getDefault(), metrics, clock),
                metrics,
                clock);
    }

    private ModelReply complete(ModelRouter router) throws NoModelAnsweredException {
        return router.complete(HELLO, List.of(), router.newDeadline(), PartialText.NONE);
    }

    private double calls(String model, String outcome) {
        var timer = metrics.find("artie.model.calls")
                .tags("model", model, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private double fallbacks(String kind) {
        var counter = metrics.find("artie.model.fallbacks").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void takesTheModelsInTurnAndSendsAWellFormedRequest() throws Exception {
        endpoint.always(ANY, answer("hi there"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        ModelReply first = complete(router);
        complete(router);
        complete(router);

        assertThat(first.content()).isEqualTo("hi there");
        assertThat(first.model()).isEqualTo("a");
        assertThat(endpoint.calledModels()).containsExactly("a", "b", "a");
        FakeModelServer.Call call = endpoint.calls().getFirst();
        assertThat(call.path()).isEqualTo("/v1/chat/completions");
        assertThat(call.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(call.json()).containsEntry("max_tokens", MAX_TOKENS);
        assertThat(call.json())
                .containsEntry("messages", List.of(Map.of("role", "user", "content", "hello")))
                .doesNotContainKey("tools");
        assertThat(calls("a", "ok")).isEqualTo(2);
    }

    @Test
    void sendsToolSchemasWhenGivenTools() throws Exception {
        endpoint.always(ANY, answer("ok"));
        ModelRouter router = router(List.of("a"), List.of());

        router.complete(
                HELLO,
                List.of(ToolDefinition.function(
                        "calculator_calculate",
                        "Calculates",
                        Map.of("type", "object", "properties", Map.of("expression", Map.of("type", "string"))))),
                router.newDeadline(),
                PartialText.NONE);

        assertThat(endpoint.calls().getFirst().body())
                .contains("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"calculator_calculate\"");
    }

    /**
     * Capabilities that ran before asking are tool turns in the chat (docs/architecture.md); an endpoint that takes no
     * tools refuses those too, so the request without tools carries their results as text.
     */
    @Test
    void theRequestWithoutToolsCarriesToolResultsAsText() throws Exception {
        endpoint.script(
                "a",
                status(404, "{\"error\":{\"message\":\"No endpoints found that support tool use\"}}"),
                answer("It is 40.8."));
        ModelRouter router = router(List.of("a"), List.of());
        ToolCall ran = new ToolCall(
                "artie_ran_1",
                "function",
                new ToolCall.Function("calculator_calculate", "{\"expression\":\"17% of 240\"}"));
        List<ChatMessage> chat = List.of(
                ChatMessage.system("You are Artie."),
                ChatMessage.user("what is 17% of 240?"),
                ChatMessage.assistantCalling(null, List.of(ran)),
                ChatMessage.toolResult("artie_ran_1", "17% of 240 = 40.8"));

        ModelReply reply = router.complete(
                chat,
                List.of(ToolDefinition.function("calculator_calculate", "Calculates", Map.of("type", "object"))),
                router.newDeadline(),
                PartialText.NONE);

        assertThat(reply.content()).isEqualTo("It is 40.8.");
        assertThat(endpoint.calls().get(0).messages())
                .extracting(m -> m.get("role"))
                .containsExactly("system", "user", "assistant", "tool");
        assertThat(endpoint.calls().get(1).messages())
                .containsExactly(
                        Map.of("role", "system", "content", "You are Artie."),
                        Map.of("role", "user", "content", "what is 17% of 240?"),
                        Map.of("role", "user", "content", "Capability results:\n17% of 240 = 40.8"));
    }

    @Test
    void aModelThatRefusesToolsIsAskedAgainWithout() throws Exception {
        endpoint.script(
                "a",
                status(404, "{\"error\":{\"message\":\"No endpoints found that support tool use\"}}"),
                answer("tags it is"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        ModelReply reply = router.complete(
                HELLO,
                List.of(ToolDefinition.function("calculator_calculate", "Calculates", Map.of("type", "object"))),
                router.newDeadline(),
                PartialText.NONE);

        assertThat(reply.content()).isEqualTo("tags it is");
        assertThat(endpoint.calledModels()).containsExactly("a", "a");
        assertThat(endpoint.calls().get(0).json()).containsKey("tools");
        assertThat(endpoint.calls().get(1).json()).doesNotContainKey("tools");
    }

    @Test
    void noCreditsSwitchesToTheFreeModelsForAWhile() throws Exception {
        endpoint.always("a", status(402, "{\"error\":{\"message\":\"Insufficient credits\"}}"))
                .always("b", status(402, "{\"error\":{\"message\":\"Insufficient credits\"}}"))
                .always("free-1", answer("free answer"))
                .always("free-2", answer("free answer"));
        ModelRouter router = router(List.of("a", "b"), List.of("free-1", "free-2"));

        ModelReply reply = complete(router);
        complete(router);

        assertThat(reply.content()).isEqualTo("free answer");
        assertThat(endpoint.calledModels()).containsExactly("a", "free-2", "free-1");
        assertThat(calls("a", "no_credits")).isEqualTo(1);
        assertThat(fallbacks("free_models")).isEqualTo(1);

        clock.advance(ModelRouter.FREE_MODELS_PERIOD.plusSeconds(1));
        endpoint.always("a", answer("paid again")).always("b", answer("paid again"));
        assertThat(complete(router).content()).isEqualTo("paid again");
    }

    @Test
    void rateLimitedModelRestsUntilRetryAfterHasPassed() throws Exception {
        endpoint.script("a", status(429, "{}").setHeader("Retry-After", "30"))
                .always("a", answer("from a"))
                .always("b", answer("from b"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        assertThat(complete(router).content()).isEqualTo("from b");
        for (int i = 0; i < 4; i++) {
            assertThat(complete(router).model()).isEqualTo("b");
        }
        assertThat(endpoint.calledModels()).containsExactly("a", "b", "b", "b", "b", "b");

        clock.advance(Duration.ofSeconds(31));
        assertThat(List.of(complete(router).model(), complete(router).model())).contains("a");
        assertThat(calls("a", "rate_limited")).isEqualTo(1);
        assertThat(fallbacks("cooldown")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "9223372036854775807",
                "99999999999999999999999",
                "-1",
                "soon",
                "Fri, 31 Dec 9999 23:59:59 GMT",
                "Mon, 01 Jan 0001 00:00:00 GMT"
            })
    void aHostileRetryAfterRestsTheModelForABoundedTimeAndTheNextModelAnswers(String retryAfter) throws Exception {
        endpoint.script("a", status(429, "{}").setHeader("Retry-After", retryAfter))
                .always("a", answer("from a"))
                .always("b", answer("from b"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        assertThat(complete(router).content()).isEqualTo("from b");
        clock.advance(RetryAfter.LONGEST.plusSeconds(1));
        assertThat(List.of(complete(router).model(), complete(router).model())).contains("a");
    }

    /** An endpoint that sends without end must not make the service hold it all: the next model answers. */
    @Test
    void aHugeAnswerIsCutOffAndTheNextModelAnswers() throws Exception {
        endpoint.always("a", answer("x".repeat(3 * ChatCompletionsClient.MAX_BODY_BYTES)))
                .always("b", answer("from b"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        ModelReply reply = complete(router);

        assertThat(reply.content()).isEqualTo("from b");
        assertThat(calls("a", "malformed")).isEqualTo(1);
    }

    @Test
    void rateLimitWithoutRetryAfterRestsForTheCooldown() throws Exception {
        endpoint.script("a", status(429, "{}")).always("a", answer("from a")).always("b", answer("from b"));
        ModelRouter router = router(List.of("a", "b"), List.of());
        complete(router);

        clock.advance(Duration.ofSeconds(59));
        complete(router);
        complete(router);
        assertThat(endpoint.calledModels()).containsExactly("a", "b", "b", "b");

        clock.advance(Duration.ofSeconds(2));
        assertThat(List.of(complete(router).model(), complete(router).model())).contains("a");
    }

    @Test
    void serverErrorsTryTheNextModel() throws Exception {
        endpoint.always("a", status(503, "upstream down")).always("b", answer("from b"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        assertThat(complete(router).content()).isEqualTo("from b");
        assertThat(calls("a", "server_error")).isEqualTo(1);
    }

    @Test
    void aModelFailingSeveralTimesInARowRestsForTheCooldown() throws Exception {
        endpoint.always("a", status(500, "down")).always("b", answer("from b"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        for (int i = 0; i < 10; i++) {
            assertThat(complete(router).content()).isEqualTo("from b");
        }
        assertThat(endpoint.calledModels().stream().filter("a"::equals)).hasSize(ModelRouter.FAILURES_BEFORE_REST);
        assertThat(fallbacks("cooldown")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        endpoint.always("a", answer("from a"));
        assertThat(List.of(complete(router).model(), complete(router).model())).contains("a");
    }

    @Test
    void aSlowModelTimesOutAndTheNextAnswers() throws Exception {
        endpoint.always("slow-headers", answer("too late").setHeadersDelay(2, TimeUnit.SECONDS))
                .always("slow-body", answer("too late").setBodyDelay(2, TimeUnit.SECONDS))
                .always("fast", answer("in time"));
        ModelRouter router = router(
                List.of("slow-headers", "slow-body", "fast"),
                List.of(),
                Duration.ofMillis(300),
                Duration.ofSeconds(30),
                KEY);

        assertThat(complete(router).content()).isEqualTo("in time");
        assertThat(calls("slow-headers", "timeout")).isEqualTo(1);
        assertThat(calls("slow-body", "timeout")).isEqualTo(1);
    }

    @Test
    void malformedAnswersTryTheNextModel() throws Exception {
        endpoint.always("garbled", status(200, "{not json"))
                .always("empty", status(200, "{\"choices\":[]}"))
                .always("error-in-200", status(200, "{\"error\":{\"message\":\"provider failed\"}}"))
                .always("good", answer("fine"));
        ModelRouter router = router(List.of("garbled", "empty", "error-in-200", "good"), List.of());

        assertThat(complete(router).content()).isEqualTo("fine");
        assertThat(calls("garbled", "malformed") + calls("empty", "malformed") + calls("error-in-200", "malformed"))
                .isEqualTo(3);
    }

    @Test
    void whenEveryModelFailsNoModelAnswered() {
        endpoint.always("a", status(500, "down")).always("b", status(429, "{}"));
        ModelRouter router = router(List.of("a", "b"), List.of());

        assertThatThrownBy(() -> complete(router))
                .isInstanceOf(NoModelAnsweredException.class)
                .hasMessageContaining("a: server_error")
                .hasMessageContaining("b: rate_limited");
    }

    @Test
    void oneDeadlineCoversEveryAttemptOfAMessage() {
        endpoint.always(ANY, answer("late").setHeadersDelay(2, TimeUnit.SECONDS));
        ModelRouter router =
                router(List.of("a", "b", "c", "d"), List.of(), Duration.ofMillis(400), Duration.ofMillis(600), KEY);
        // The deadline runs on the real clock: the router under test was given a frozen one for cool-downs.
        Deadline deadline = Deadline.in(Duration.ofMillis(600), java.time.Clock.systemUTC());

        assertThatThrownBy(() -> router.complete(HELLO, List.of(), deadline, PartialText.NONE))
                .isInstanceOf(NoModelAnsweredException.class)
                .hasMessageContaining("deadline");
        assertThat(endpoint.calls()).hasSizeLessThan(4);
    }

    @Test
    void aKeyWithCharactersNoHeaderMayHoldFailsTheCallWithoutQuotingIt() {
        String badKey = "sk-SECRET\u0001inside";
        ModelRouter router = router(List.of("a"), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), badKey);

        Throwable error;
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            error = org.assertj.core.api.Assertions.catchThrowable(() -> complete(router));
            logs = capture.lines();
        }

        assertThat(error).isInstanceOf(NoModelAnsweredException.class).hasMessageContaining("a: error");
        assertThat(logs).anyMatch(line -> line.contains("stray characters")).noneMatch(line -> line.contains("SECRET"));
        assertThat(endpoint.calls()).isEmpty();
    }

    @Test
    void withoutAnApiKeyOpenRoutersDefaultUrlIsNotAsked() {
        ModelSettings settings = new ModelSettings(
                ModelSettings.OPENROUTER,
                " ",
                "",
                List.of("a"),
                List.of(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                true,
                MAX_TOKENS);
        ModelRouter router = new ModelRouter(
                settings,
                new ChatCompletionsClient(settings, ObjectMapper.getDefault(), metrics, clock),
                metrics,
                clock);

        assertThat(settings.hasModel()).isFalse();
        assertThatThrownBy(() -> complete(router))
                .isInstanceOf(NoModelAnsweredException.class)
                .hasMessageContaining("no API key");
        assertThat(calls("a", "ok") + calls("a", "error")).isZero();
    }

    @Test
    void aKeylessLocalServerIsAskedWithoutAnAuthorizationHeader() throws Exception {
        // llama.cpp, Ollama, vLLM and LM Studio run without a key; one that checks keys refuses any header.
        endpoint.otherwise(call -> call.authorization() == null
                ? answer("local answer")
                : status(401, "{\"error\":{\"message\":\"no keys here\"}}"));
        ModelRouter router = router(List.of("local"), List.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), "");

        assertThat(complete(router).content()).isEqualTo("local answer");
        assertThat(endpoint.calls())
                .singleElement()
                .satisfies(call -> assertThat(call.authorization()).isNull());
    }

    @Test
    void theApiKeyNeverAppearsInLogsErrorsOrMetrics() {
        String echoed = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}";
        endpoint.always("a", status(401, echoed))
                .always("b", status(500, echoed))
                .always("c", status(429, echoed))
                .always("d", status(200, echoed));
        ModelRouter router = router(List.of("a", "b", "c", "d"), List.of());

        Throwable error;
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            error = org.assertj.core.api.Assertions.catchThrowable(() -> complete(router));
            logs = capture.lines();
        }

        assertThat(endpoint.calls())
                .hasSize(4)
                .allSatisfy(call -> assertThat(call.authorization()).isEqualTo("Bearer " + KEY));
        assertThat(logs)
                .isNotEmpty()
                .noneMatch(line -> line.contains(KEY))
                .anyMatch(line -> line.contains("[redacted]"));
        assertThat(error).isInstanceOf(NoModelAnsweredException.class);
        assertThat(String.valueOf(error.getMessage())).doesNotContain(KEY);
        assertThat(metrics.getMeters())
                .flatExtracting(meter -> meter.getId().getTags())
                .extracting(Tag::getValue)
                .noneMatch(value -> value.contains(KEY));
        assertThat(metrics.getMeters())
                .extracting(Meter::getId)
                .extracting(Meter.Id::getName)
                .noneMatch(name -> name.contains(KEY));
        assertThat(new ModelSettings(
                                URI.create("https://x"),
                                "",
                                KEY,
                                List.of("a"),
                                List.of(),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                true,
                                MAX_TOKENS)
                        .toString())
                .doesNotContain(KEY)
                .contains("(set)");
    }
}
