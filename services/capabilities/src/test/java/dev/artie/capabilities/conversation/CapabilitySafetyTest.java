package dev.artie.capabilities.conversation;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.calculator.CalculatorCapability;
import dev.artie.capabilities.capability.CapabilityRegistry;
import dev.artie.capabilities.catalog.CatalogCapability;
import dev.artie.capabilities.clock.ClockCapability;
import dev.artie.capabilities.lists.ListsCapability;
import dev.artie.capabilities.memory.MemoryCapability;
import dev.artie.capabilities.memory.MemoryStore;
import dev.artie.capabilities.reminders.RemindersCapability;
import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.capabilities.units.UnitsCapability;
import dev.artie.capabilities.web.WebCapability;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.testing.RedisExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model (fake, at the HTTP level) that calls what does not exist, with arguments that do not fit, or for someone
 * else's memories: each attempt is refused with a clear result fed back to it, counted, and nothing is run.
 */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapabilitySafetyTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static FakeModelServer endpoint;

    @Inject
    ApplicationContext context;

    @Inject
    Conversation conversation;

    @Inject
    MemoryStore memories;

    @Inject
    MeterRegistry metrics;

    private String alice;
    private String bob;

    @Override
    public Map<String, String> getProperties() {
        endpoint = new FakeModelServer();
        return TestServices.testProperties(redis.url(), endpoint, dir, "artie.conversation.max-rounds", 3);
    }

    @AfterAll
    static void stop() throws Exception {
        endpoint.close();
    }

    @BeforeEach
    void reset() throws Exception {
        endpoint.reset();
        alice = "alice-" + UUID.randomUUID();
        bob = "bob-" + UUID.randomUUID();
        memories.remember("test", bob, "my favourite food is ramen");
    }

    /** Alice says something the model answers with the given call, then "done"; what the model read back. */
    private String resultFedBackFor(MockResponse call) {
        endpoint.script(ANY, call, answer("done"));
        assertThat(conversation
                        .answer(IncomingMessage.create(
                                "test", alice, "c-" + alice, "hello", "artie:outgoing:test", Map.of()))
                        .text())
                .isEqualTo("done");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> second =
                (List<Map<String, Object>>) endpoint.calls().getLast().json().get("messages");
        return String.valueOf(second.getLast().get("content"));
    }

    private static MockResponse tag(String capability, String action, String data) {
        return answer("<capability name=\"" + capability + "\" action=\"" + action + "\" data='" + data + "' />");
    }

    private double refused(String capability) {
        var counter = metrics.find("artie.capability.calls")
                .tags("capability", capability, "outcome", "refused")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anUnknownToolIsRefusedAndCountedWithoutTheModelsName() {
        double before = refused("unknown");

        assertThat(resultFedBackFor(toolCall("call_1", "shell_run", "{\"command\":\"id\"}")))
                .contains("there is no tool named 'shell_run'");
        assertThat(resultFedBackFor(tag("shell", "run", "{\"command\":\"id\"}")))
                .contains("there is no capability 'shell'");

        assertThat(refused("unknown")).isEqualTo(before + 2);
        assertThat(metrics.find("artie.capability.calls").meters())
                .allSatisfy(
                        meter -> assertThat(meter.getId().getTag("capability")).doesNotContain("shell"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a wrong type | memory | remember | {\"content\":42} | the argument 'content' must be of type string",
                "a missing required argument | memory | remember | {} | the argument 'content' is required",
                "an unknown extra argument | memory | remember | {\"content\":\"I like tea\",\"personId\":\"x\"} "
                        + "| there is no argument 'personId'",
                "a number that is not one | units | convert | {\"value\":\"ten\",\"from\":\"km\",\"to\":\"mi\"} "
                        + "| the argument 'value' must be of type number",
            })
    void argumentsThatDoNotFitTheSchemaAreRefusedAndNothingRuns(
            String what, String capability, String action, String arguments, String reason) throws Exception {
        double before = refused(capability);

        assertThat(resultFedBackFor(toolCall("call_1", capability + "_" + action, arguments)))
                .contains(reason)
                .contains("nothing was run");
        assertThat(resultFedBackFor(tag(capability, action, arguments))).contains(reason);

        assertThat(refused(capability)).isEqualTo(before + 2);
        assertThat(memories.recent("test", alice, 10)).isEmpty();
    }

    @Test
    void aModelAskingForAnotherPersonsMemoriesGetsOnlyTheSpeakers() throws Exception {
        String byId = "{\"query\":\"food\",\"personId\":\"" + bob + "\"}";

        assertThat(resultFedBackFor(toolCall("call_1", "memory_search", byId))).contains("no argument 'personId'");
        assertThat(resultFedBackFor(tag("memory", "search", byId))).contains("no argument 'personId'");
        assertThat(resultFedBackFor(toolCall("call_2", "memory_search", "{\"query\":\"food\"}")))
                .contains("don't have any memories")
                .doesNotContain("ramen");
        assertThat(resultFedBackFor(tag("memory", "forget", "{}"))).contains("Reply YES");

        assertThat(memories.recent("test", bob, 10))
                .extracting(MemoryStore.Memory::content)
                .containsExactly("my favourite food is ramen");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:6379/", "http://[::ffff:10.0.0.1]/"})
    void aFetchOfAPrivateAddressIsRefusedAndCountedAsRefused(String url) {
        double before = refused("web");

        assertThat(resultFedBackFor(toolCall("call_1", "web_fetch", "{\"url\":\"" + url + "\"}")))
                .contains("refused to fetch");

        assertThat(refused("web")).isEqualTo(before + 1);
    }

    @Test
    void noCapabilityButTheKnownOnesIsRegistered() {
        // None of these runs a shell or a script engine; a new capability must be added here knowingly.
        assertThat(context.getBean(CapabilityRegistry.class).all())
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(
                        CalculatorCapability.class,
                        CatalogCapability.class,
                        ClockCapability.class,
                        ListsCapability.class,
                        MemoryCapability.class,
                        RemindersCapability.class,
                        UnitsCapability.class,
                        WebCapability.class);
    }
}
