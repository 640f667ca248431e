package dev.artie.capabilities.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilityRunnerTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final CapabilityContext alice = new CapabilityContext("test", "alice", "c1");

    /** Echoes its text, sleeps when asked to, and fails on "boom". */
    private static final Capability ECHO = new Capability() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String description() {
            return "Echoes";
        }

        @Override
        public List<CapabilityAction> actions() {
            return List.of(CapabilityAction.withTextArgument("say", "Say it", "text", "what", true));
        }

        @Override
        public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
                throws CapabilityException {
            String text = String.valueOf(arguments.get("text"));
            if (text.equals("sleep")) {
                try {
                    Thread.sleep(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (text.equals("boom")) {
                throw new IllegalStateException("a bug");
            }
            if (text.equals("refuse")) {
                throw new CapabilityException("cannot say that");
            }
            return context.personId() + " says " + text;
        }
    };

    private final CapabilityRunner runner = new CapabilityRunner(
            new CapabilityRegistry(List.of(ECHO), List.of()), new CapabilitySettings(Duration.ofMillis(200)), metrics);

    @Test
    void runsACallAndCountsIt() {
        CapabilityResult result = runner.run(CapabilityCall.of("echo", "say", Map.of("text", "hi")), alice);

        assertThat(result.ok()).isTrue();
        assertThat(result.output()).isEqualTo("alice says hi");
        assertThat(metrics.counter("artie.capability.calls", "capability", "echo", "outcome", "ok")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void contentFillsTheMainArgument() {
        CapabilityResult result = runner.run(new CapabilityCall("echo", "say", Map.of(), "from content", null), alice);

        assertThat(result.output()).isEqualTo("alice says from content");
    }

    @Test
    void unknownCapabilitiesActionsAndFailuresBecomeErrorResults() {
        assertThat(runner.run(CapabilityCall.of("weather", "today", Map.of()), alice)
                        .describe())
                .contains("no capability 'weather'")
                .contains("echo");
        assertThat(runner.run(CapabilityCall.of("echo", "shout", Map.of()), alice)
                        .describe())
                .contains("no action 'shout'")
                .contains("say");
        assertThat(runner.run(CapabilityCall.of("echo", "say", Map.of("text", "refuse")), alice)
                        .describe())
                .isEqualTo("echo.say failed: cannot say that");
        assertThat(runner.run(CapabilityCall.of("echo", "say", Map.of("text", "boom")), alice)
                        .describe())
                .isEqualTo("echo.say failed: internal error");
        assertThat(runner.run(new CapabilityCall("echo", "say", Map.of(), null, "bad data"), alice)
                        .ok())
                .isFalse();
        assertThat(metrics.counter("artie.capability.calls", "capability", "unknown", "outcome", "refused")
                        .count())
                .as("the made-up name is no label")
                .isEqualTo(2);
        assertThat(metrics.counter("artie.capability.calls", "capability", "echo", "outcome", "refused")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void argumentsMustFitTheSchemaBeforeAnythingRuns() {
        assertThat(runner.run(CapabilityCall.of("echo", "say", Map.of("text", "boom", "loud", true)), alice)
                        .describe())
                .isEqualTo(
                        "echo.say failed: there is no argument 'loud'; the arguments are: text; " + "nothing was run");
        assertThat(runner.run(CapabilityCall.of("echo", "say", Map.of("text", List.of("boom"))), alice)
                        .describe())
                .contains("the argument 'text' must be of type string");
        assertThat(runner.run(CapabilityCall.of("echo", "say", Map.of()), alice).describe())
                .contains("the argument 'text' is required");
        assertThat(metrics.counter("artie.capability.calls", "capability", "echo", "outcome", "error")
                        .count())
                .as("the failing text never reached the capability")
                .isZero();
    }

    @Test
    void numbersMayComeQuotedButMustBeNumbers() {
        CapabilityAction count = new CapabilityAction(
                "count",
                "Count",
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("n", Map.of("type", "integer"), "x", Map.of("type", "number"))),
                null);

        assertThat(ArgumentSchema.problem(count, Map.of("n", 10, "x", 2.5))).isEmpty();
        assertThat(ArgumentSchema.problem(count, Map.of("n", "10", "x", "2.5"))).isEmpty();
        assertThat(ArgumentSchema.problem(count, Map.of("n", 2.5)))
                .contains("the argument 'n' must be of type integer");
        assertThat(ArgumentSchema.problem(count, Map.of("x", "ten")))
                .contains("the argument 'x' must be of type number");
        assertThat(ArgumentSchema.problem(count, Map.of("x", true)))
                .contains("the argument 'x' must be of type number");
    }

    @Test
    void aSlowCallTimesOut() {
        CapabilityResult result = runner.run(CapabilityCall.of("echo", "say", Map.of("text", "sleep")), alice);

        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("timed out after 200 ms");
        assertThat(metrics.counter("artie.capability.calls", "capability", "echo", "outcome", "timeout")
                        .count())
                .isEqualTo(1);
    }
}
