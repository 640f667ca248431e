package dev.artie.capabilities.conversation;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.status;
import static dev.artie.capabilities.testing.FakeModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.memory.MemoryStore;
import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The conversation loop in a running service context: real Redis history, real SQLite, a scripted model endpoint. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static FakeModelServer endpoint;

    @Inject
    ApplicationContext context;

    @Inject
    Conversation conversation;

    @Override
    public Map<String, String> getProperties() {
        endpoint = new FakeModelServer();
        return TestServices.testProperties(
                redis.url(), endpoint, dir, "artie.conversation.max-rounds", 3, "artie.conversation.history-size", 2);
    }

    @AfterAll
    static void stop() throws Exception {
        endpoint.close();
    }

    @BeforeEach
    void reset() {
        endpoint.reset();
    }

    private static IncomingMessage from(String person, String text) {
        return IncomingMessage.create("test", person, "conversation-" + person, text, "artie:outgoing:test", Map.of());
    }

    private static String person() {
        return "person-" + UUID.randomUUID();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messagesOf(FakeModelServer.Call call) {
        return (List<Map<String, Object>>) call.json().get("messages");
    }

    @Test
    void runsASelfClosingTagAndFeedsTheResultBack() {
        endpoint.script(
                ANY,
                answer("Let me check. <capability name=\"calculator\" action=\"calculate\" "
                        + "data='{\"expression\":\"2+2\"}' />"),
                answer("Two and two make 4."));

        Conversation.Answer answer = conversation.answer(from(person(), "add two and two for me"));

        assertThat(answer).isEqualTo(new Conversation.Answer("Two and two make 4.", false));
        List<Map<String, Object>> second = messagesOf(endpoint.calls().get(1));
        assertThat(second.get(second.size() - 2)).containsEntry("role", "assistant");
        assertThat(second.getLast())
                .containsEntry("role", "user")
                .containsEntry("content", "Capability results:\n2+2 = 4");
    }

    @Test
    void runsAContentTagForThePersonSpeaking() throws Exception {
        String person = person();
        endpoint.script(
                ANY,
                answer("<capability name=\"memory\" action=\"remember\">I like ramen</capability>"),
                answer("Noted!"));

        assertThat(conversation
                        .answer(from(person, "I like ramen, just so you know"))
                        .text())
                .isEqualTo("Noted!");
        assertThat(context.getBean(MemoryStore.class).recent("test", person, 10))
                .extracting(MemoryStore.Memory::content)
                .containsExactly("I like ramen");
    }

    @Test
    void runsNativeToolCallsAndSendsToolResultsBack() {
        endpoint.script(
                ANY,
                toolCall("call_1", "calculator_calculate", "{\"expression\":\"17% of 240\"}"),
                answer("That's 40.8."));

        Conversation.Answer answer = conversation.answer(from(person(), "seventeen percent of two hundred forty?"));

        assertThat(answer.text()).isEqualTo("That's 40.8.");
        assertThat(endpoint.calls().getFirst().body())
                .contains("\"name\":\"calculator_calculate\"")
                .contains("\"name\":\"memory_remember\"")
                .contains("\"name\":\"memory_search\"");
        List<Map<String, Object>> second = messagesOf(endpoint.calls().get(1));
        assertThat(second.get(second.size() - 2))
                .containsEntry("role", "assistant")
                .containsKey("tool_calls");
        assertThat(second.getLast())
                .isEqualTo(Map.of("role", "tool", "tool_call_id", "call_1", "content", "17% of 240 = 40.8"));
    }

    /**
     * Issue 12 item 10: what capabilities ran before asking reaches the model as its own tool call and the result,
     * after the person's message; a reply that ignores the exact value gets it added.
     */
    @Test
    void anExactResultTheReplyIgnoresIsAddedAndWasShownAsAToolTurn() {
        endpoint.script(ANY, answer("It is 38."));

        Conversation.Answer answer = conversation.answer(from(person(), "what is 17% of 240?"));

        assertThat(answer.text()).isEqualTo("It is 38.\n\n(17% of 240 = 40.8)");
        List<Map<String, Object>> asked = messagesOf(endpoint.calls().getFirst());
        assertThat(asked.get(asked.size() - 3))
                .containsEntry("role", "user")
                .containsEntry("content", "what is 17% of 240?");
        assertThat(asked.get(asked.size() - 2)).containsEntry("role", "assistant");
        assertThat(asked.get(asked.size() - 2).get("tool_calls").toString())
                .contains("calculator_calculate")
                .contains("17% of 240");
        assertThat(asked.getLast())
                .isEqualTo(Map.of("role", "tool", "tool_call_id", "artie_ran_1", "content", "17% of 240 = 40.8"));
        assertThat(asked)
                .noneSatisfy(m -> assertThat(String.valueOf(m.get("content")))
                        .startsWith(Conversation.CAPABILITY_RESULTS_HEADING));
    }

    @Test
    void aReplyThatStatesTheExactResultIsLeftAsItIs() {
        endpoint.script(ANY, answer("17 percent of 240 is 40.80."), answer("Ten miles are about 16.1 km."));

        assertThat(conversation.answer(from(person(), "what is 17% of 240?")).text())
                .isEqualTo("17 percent of 240 is 40.80.");
        assertThat(conversation.answer(from(person(), "convert 10 miles to km")).text())
                .isEqualTo("Ten miles are about 16.1 km.");
    }

    @Test
    void readsToolArgumentsSentAsAnObject() {
        endpoint.script(ANY, toolCall("call_3", "calculator_calculate", Map.of("expression", "2^10")), answer("1024."));

        assertThat(conversation.answer(from(person(), "two to the tenth?")).text())
                .isEqualTo("1024.");
        assertThat(messagesOf(endpoint.calls().get(1)).getLast()).containsEntry("content", "2^10 = 1024");
    }

    @Test
    void unknownCapabilitiesAndToolsAreReportedToTheModel() {
        endpoint.script(
                ANY,
                answer("<capability name=\"weather\" action=\"today\" />"),
                toolCall("call_2", "weather_today", "{}"),
                answer("I can't check the weather."));

        assertThat(conversation.answer(from(person(), "weather?")).text()).isEqualTo("I can't check the weather.");
        assertThat(messagesOf(endpoint.calls().get(1)).getLast().get("content").toString())
                .contains("there is no capability 'weather'");
        assertThat(messagesOf(endpoint.calls().get(2)).getLast().get("content").toString())
                .contains("there is no tool named 'weather_today'");
    }

    @Test
    void roundsAreBoundedAndTagsNeverReachThePerson() {
        endpoint.always(
                ANY, answer("Still thinking <capability name=\"calculator\" action=\"calculate\">1+1</capability>"));

        Conversation.Answer answer = conversation.answer(from(person(), "think hard"));

        assertThat(answer.text()).isEqualTo("Still thinking");
        assertThat(endpoint.calls()).hasSize(3);
    }

    @Test
    void plainLanguageRunsTheCalculatorBeforeTheModelIsAsked() {
        endpoint.script(ANY, answer("It is 40.8."));

        conversation.answer(from(person(), "what is 17% of 240?"));

        List<Map<String, Object>> messages = messagesOf(endpoint.calls().getFirst());
        assertThat(messages.getLast()).containsEntry("role", "tool").containsEntry("content", "17% of 240 = 40.8");
        assertThat(messages.getFirst().get("content").toString())
                .contains("<capability name=\"calculator\"")
                .contains("calculator")
                .contains("memory")
                .contains("remember");
    }

    @Test
    void whenNoModelAnswersTheReplyIsOfflineAndUsesTheCapabilities() {
        endpoint.always(ANY, status(500, "down"));

        Conversation.Answer answer = conversation.answer(from(person(), "what is 17% of 240?"));

        assertThat(answer.offline()).isTrue();
        assertThat(answer.text()).isEqualTo("[offline] 17% of 240 = 40.8");
    }

    @Test
    void withoutAModelTheClockAndTheUnitsStillAnswer() {
        endpoint.always(ANY, status(500, "down"));

        Conversation.Answer time = conversation.answer(from(person(), "what time is it in Tokyo?"));
        Conversation.Answer distance = conversation.answer(from(person(), "convert 10 miles to km"));

        assertThat(time.offline()).isTrue();
        assertThat(time.text()).startsWith("[offline] It is ").contains("in Asia/Tokyo (UTC+09:00)");
        assertThat(distance.text()).isEqualTo("[offline] 10 mi = 16.0934 km");
    }

    @Test
    void rememberedFoodIsRecalledForThatPersonOnly() {
        endpoint.always(ANY, status(500, "down"));
        String alice = person();

        assertThat(conversation
                        .answer(from(alice, "remember that my favourite food is ramen"))
                        .text())
                .contains("offline")
                .contains("my favourite food is ramen");
        assertThat(conversation.answer(from(alice, "what foods do I like?")).text())
                .contains("ramen");
        assertThat(conversation
                        .answer(from(alice, "what do you know about me?"))
                        .text())
                .contains("ramen");
        assertThat(conversation
                        .answer(from(alice, "do you remember my favourite food?"))
                        .text())
                .contains("ramen");
        assertThat(conversation.answer(from(person(), "what foods do I like?")).text())
                .doesNotContain("ramen");
    }

    @Test
    void historyKeepsTheLastTurnsOfThePersonsConversationInRedis() {
        String person = person();
        for (int i = 1; i <= 4; i++) {
            endpoint.script(ANY, answer("reply " + i));
            IncomingMessage message = from(person, "message " + i);
            conversation.remember(message, conversation.answer(message));
        }

        List<Map<String, Object>> last = messagesOf(endpoint.calls().getLast());
        assertThat(last.subList(1, last.size()))
                .extracting(m -> m.get("content"))
                .containsExactly("message 2", "reply 2", "message 3", "reply 3", "message 4");
        assertThat(conversation.answer(from(person(), "hello")).text()).isNotNull();
        assertThat(messagesOf(endpoint.calls().getLast())).hasSize(2); // another person starts afresh
        @SuppressWarnings("unchecked")
        StatefulRedisConnection<String, String> connection = context.getBean(StatefulRedisConnection.class);
        String key = "artie:history:test:" + person + ":conversation-" + person;
        assertThat(connection.sync().llen(key)).isEqualTo(4);
        assertThat(connection.sync().ttl(key)).isPositive(); // an abandoned conversation does not stay forever
    }
}
