package dev.artie.capabilities.conversation;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The clock, units, catalog and web capabilities as the model sees them: in the prompt, as tools, as tags. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallCapabilitiesConversationTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static FakeModelServer endpoint;

    @Inject
    Conversation conversation;

    @Override
    public Map<String, String> getProperties() {
        endpoint = new FakeModelServer();
        return TestServices.testProperties(redis.url(), endpoint, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        endpoint.close();
    }

    @BeforeEach
    void reset() {
        endpoint.reset();
    }

    private static IncomingMessage from(String text) {
        return IncomingMessage.create("test", "ann", "conversation-ann", text, "artie:outgoing:test", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messagesOf(FakeModelServer.Call call) {
        return (List<Map<String, Object>>) call.json().get("messages");
    }

    @Test
    void offersEachNewCapabilityAsAToolAndInTheSystemPrompt() {
        endpoint.script(ANY, answer("hello"));

        conversation.answer(from("hi"));

        FakeModelServer.Call call = endpoint.calls().getFirst();
        @SuppressWarnings("unchecked")
        List<Map<String, Map<String, Object>>> tools =
                (List<Map<String, Map<String, Object>>>) call.json().get("tools");
        assertThat(tools)
                .extracting(tool -> tool.get("function").get("name"))
                .contains("clock_now", "units_convert", "capabilities_list", "web_fetch");
        assertThat(messagesOf(call).getFirst().get("content").toString())
                .contains("- clock: ")
                .contains("- units: ")
                .contains("- web: ")
                .contains("- capabilities: ");
    }

    @Test
    void withoutASearchBackendNoSearchIsOfferedOrRun() {
        endpoint.script(ANY, answer("I cannot search the web."));

        conversation.answer(from("What's the latest news about the Mars rover?"));

        FakeModelServer.Call call = endpoint.calls().getFirst();
        @SuppressWarnings("unchecked")
        List<Map<String, Map<String, Object>>> tools =
                (List<Map<String, Map<String, Object>>>) call.json().get("tools");
        assertThat(tools)
                .extracting(tool -> tool.get("function").get("name"))
                .contains("web_fetch")
                .doesNotContain("web_search");
        assertThat(messagesOf(call).getFirst().get("content").toString())
                .doesNotContain("Search the web")
                .doesNotContain("cite the links");
        assertThat(messagesOf(call))
                .as("nothing ran before the model was asked")
                .noneMatch(message ->
                        String.valueOf(message.get("content")).startsWith(Conversation.CAPABILITY_RESULTS_HEADING));
    }

    @Test
    void runsANativeUnitsCallAndAClockTag() {
        endpoint.script(
                ANY,
                toolCall("call-1", "units_convert", "{\"value\": 10, \"from\": \"km\", \"to\": \"mi\"}"),
                answer("<capability name=\"clock\" action=\"now\">Asia/Tokyo</capability>"),
                answer("10 km is about 6.2 miles, and it is morning in Tokyo."));

        Conversation.Answer answer =
                conversation.answer(from("how far is 10 km in miles, and what time is it in Tokyo?"));

        assertThat(answer.text()).isEqualTo("10 km is about 6.2 miles, and it is morning in Tokyo.");
        assertThat(messagesOf(endpoint.calls().get(1)).getLast())
                .containsEntry("role", "tool")
                .containsEntry("content", "10 km = 6.21371 mi");
        assertThat(messagesOf(endpoint.calls().get(2)).getLast().get("content").toString())
                .startsWith("Capability results:\nIt is ")
                .contains(" in Asia/Tokyo (UTC+09:00).");
    }

    @Test
    void theCatalogListsWhatTheRegistryHolds() {
        endpoint.script(ANY, toolCall("call-1", "capabilities_list", "{}"), answer("I can do many things."));

        conversation.answer(from("what can you do?"));

        assertThat(messagesOf(endpoint.calls().get(1)).getLast().get("content").toString())
                .startsWith("Artie can:\n")
                .contains("- calculator: ")
                .contains("- memory: ")
                .contains("- units: ")
                .contains("- web: ")
                .contains("- clock: ");
    }

    @Test
    void theWebFetchOfThisServicesOwnNetworkIsRefusedToTheModel() {
        endpoint.script(
                ANY,
                toolCall("call-1", "web_fetch", "{\"url\": \"http://169.254.169.254/latest/meta-data/\"}"),
                answer("I cannot read that page."));

        conversation.answer(from("read http://169.254.169.254/latest/meta-data/"));

        assertThat(messagesOf(endpoint.calls().get(1)).getLast().get("content").toString())
                .startsWith("web.fetch failed: refused to fetch http://169.254.169.254/latest/meta-data/")
                .contains("link-local");
    }
}
