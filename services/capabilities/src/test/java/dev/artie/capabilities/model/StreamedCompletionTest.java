package dev.artie.capabilities.model;

import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.status;
import static dev.artie.capabilities.testing.FakeModelServer.streamed;
import static dev.artie.capabilities.testing.FakeModelServer.streamedThenCut;
import static dev.artie.capabilities.testing.FakeModelServer.streamedThenError;
import static dev.artie.capabilities.testing.FakeModelServer.streamedToolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.serde.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streamed answers (server-sent events) from a real HTTP server, through the router as the service uses it. */
class StreamedCompletionTest {
    private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("hello"));
    private static final String RESET = "<reset>";

    private final FakeModelServer endpoint = new FakeModelServer();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final PartialText recorder = new PartialText() {
        @Override
        public void text(String soFar) {
            shown.add(soFar);
        }

        @Override
        public void reset() {
            shown.add(RESET);
        }
    };

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    private ModelRouter router(String... models) {
        ModelSettings settings = new ModelSettings(
                URI.create(endpoint.baseUrl()),
                "sk-test",
                "",
                List.of(models),
                List.of(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                true,
                100);
        return new ModelRouter(
                settings,
                new ChatCompletionsClient(settings, ObjectMapper.getDefault(), metrics, clock),
                metrics,
                clock);
    }

    private ModelReply complete(ModelRouter router) throws NoModelAnsweredException {
        return router.complete(HELLO, List.of(), router.newDeadline(), recorder);
    }

    private double calls(String model, String outcome) {
        var timer = metrics.find("artie.model.calls")
                .tags("model", model, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void asksForAStreamAndHandsOnTheTextAsItGrowsPastKeepAliveComments() throws Exception {
        endpoint.script("a", streamed("Hel", "lo ", "there"));

        ModelReply reply = complete(router("a"));

        assertThat(reply.content()).isEqualTo("Hello there");
        assertThat(shown).containsExactly("Hel", "Hello ", "Hello there");
        assertThat(endpoint.calls().getFirst().json()).containsEntry("stream", true);
        assertThat(metrics.find("artie.model.tokens")
                        .tags("model", "a", "kind", "completion")
                        .counter()
                        .count())
                .isEqualTo(3);
    }

    /** The tools are encoded once and reused (issue 11 item 5); a request still carries the tools it was given. */
    @Test
    void eachRequestCarriesItsOwnToolsAndMessages() throws Exception {
        endpoint.script("a", answer("one"), answer("two"), answer("three"));
        ModelRouter router = router("a");
        List<ToolDefinition> first = List.of(ToolDefinition.function(
                "calculator_calculate",
                "Calculates.",
                Map.of("type", "object", "properties", Map.of("expression", Map.of("type", "string")))));
        List<ToolDefinition> second =
                List.of(ToolDefinition.function("clock_now", "Tells the time.", Map.of("type", "object")));

        router.complete(List.of(ChatMessage.user("first")), first, router.newDeadline(), recorder);
        router.complete(List.of(ChatMessage.user("second")), first, router.newDeadline(), recorder);
        router.complete(List.of(ChatMessage.user("third")), second, router.newDeadline(), recorder);

        List<FakeModelServer.Call> calls = endpoint.calls();
        assertThat(calls).extracting(FakeModelServer.Call::lastUserText).containsExactly("first", "second", "third");
        assertThat(calls.get(0).json().get("tools").toString())
                .contains("calculator_calculate")
                .contains("expression");
        assertThat(calls.get(1).json().get("tools"))
                .isEqualTo(calls.get(0).json().get("tools"));
        assertThat(calls.get(2).json().get("tools").toString())
                .contains("clock_now")
                .doesNotContain("calculator_calculate");
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.json())
                        .containsEntry("model", "a")
                        .containsEntry("max_tokens", 100)
                        .containsEntry("stream", true));
    }

    @Test
    void assemblesAToolCallFromItsPieces() throws Exception {
        endpoint.script("a", streamedToolCall("call_1", "calculator", "{\"expr", "ession\":", "\"2+2\"}"));

        ModelReply reply = complete(router("a"));

        assertThat(reply.toolCalls())
                .containsExactly(new ToolCall(
                        "call_1", "function", new ToolCall.Function("calculator", "{\"expression\":\"2+2\"}")));
        assertThat(shown).isEmpty();
    }

    @Test
    void aMidStreamErrorFailsTheModelAndTheChannelIsToldToReset() throws Exception {
        endpoint.script("a", streamedThenError("provider returned error", "Hal", "f an"));
        endpoint.script("b", streamed("Hi"));

        ModelReply reply = complete(router("a", "b"));

        assertThat(reply.content()).isEqualTo("Hi");
        assertThat(reply.model()).isEqualTo("b");
        assertThat(shown).containsExactly("Hal", "Half an", RESET, "Hi");
        assertThat(calls("a", "server_error")).isEqualTo(1);
    }

    @Test
    void aStreamCutWithoutDoneOrFinishReasonIsMalformed() throws Exception {
        endpoint.script("a", streamedThenCut("The answer is"));
        endpoint.script("b", streamed("42"));

        ModelReply reply = complete(router("a", "b"));

        assertThat(reply.content()).isEqualTo("42");
        assertThat(shown).containsExactly("The answer is", RESET, "42");
        assertThat(calls("a", "malformed")).isEqualTo(1);
    }

    @Test
    void aModelFailingBeforeItsFirstTokenIsSkippedWithoutAReset() throws Exception {
        endpoint.script("a", status(503, "{\"error\":\"busy\"}"));
        endpoint.script("b", streamed("Hi"));

        ModelReply reply = complete(router("a", "b"));

        assertThat(reply.content()).isEqualTo("Hi");
        assertThat(shown).containsExactly("Hi");
    }

    @Test
    void anEndpointThatDoesNotStreamIsReadWhole() throws Exception {
        endpoint.script("a", FakeModelServer.answer("whole"));

        assertThat(complete(router("a")).content()).isEqualTo("whole");
        assertThat(shown).isEmpty();
    }
}
