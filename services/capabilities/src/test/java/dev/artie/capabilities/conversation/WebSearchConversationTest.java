package dev.artie.capabilities.conversation;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.status;
import static dev.artie.capabilities.testing.FakeModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.FakeSearchServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web search in the running service, a fake SearXNG as the backend: the model is offered the search, its results
 * reach the model, and the person's reply cites their links; offline the person gets the links themselves.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSearchConversationTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static final Pattern LINK = Pattern.compile("https://\\S+");
    private static final MessageCodec CODEC = MessageCodec.standalone();

    private static FakeModelServer endpoint;
    private static FakeSearchServer searxng;

    @Inject
    Conversation conversation;

    private static RedisClient client;
    private static RedisCommands<String, String> commands;

    @Override
    public Map<String, String> getProperties() {
        endpoint = new FakeModelServer();
        searxng = new FakeSearchServer();
        return TestServices.testProperties(
                redis.url(),
                endpoint,
                dir,
                "artie.search.backend",
                "searxng",
                "artie.search.url",
                searxng.baseUrl(),
                "artie.search.max-results",
                2);
    }

    @BeforeAll
    static void start() {
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdown();
        endpoint.close();
        searxng.close();
    }

    @BeforeEach
    void reset() {
        endpoint.reset();
        searxng.reset();
    }

    private static IncomingMessage from(String text, String replyStream) {
        // A conversation of its own: no earlier test's links in its history.
        return IncomingMessage.create("test", "ann", "c-" + UUID.randomUUID(), text, replyStream, Map.of());
    }

    /**
     * A model that answers by citing every link it was sent after the system prompt (whose examples hold one), as a
     * model told to cite would.
     */
    private static MockResponse citingTheLinks(FakeModelServer.Call call) {
        Matcher links = LINK.matcher(call.messages().stream()
                .skip(1)
                .map(message -> String.valueOf(message.get("content")))
                .collect(Collectors.joining("\n")));
        StringBuilder text = new StringBuilder("Here is what I found:");
        for (int i = 1; links.find(); i++) {
            text.append(" [").append(i).append("] ").append(links.group());
        }
        return answer(text.toString());
    }

    @Test
    void theModelIsOfferedTheSearchAndToldToCite() {
        endpoint.script(ANY, answer("hello"));

        conversation.answer(from("hi", "artie:outgoing:test"));

        FakeModelServer.Call call = endpoint.calls().getFirst();
        @SuppressWarnings("unchecked")
        List<Map<String, Map<String, Object>>> tools =
                (List<Map<String, Map<String, Object>>>) call.json().get("tools");
        assertThat(tools).extracting(tool -> tool.get("function").get("name")).contains("web_search", "web_fetch");
        assertThat(call.messages().getFirst().get("content").toString())
                .contains("action \"search\" (query): Search the web")
                .contains("cite the links of the results your answer uses");
        assertThat(searxng.requests()).as("a greeting searches nothing").isEmpty();
    }

    @Test
    void aNativeSearchCallsResultsComeBackToThePersonAsCitedLinks() {
        endpoint.script(ANY, toolCall("call-1", "web_search", "{\"query\": \"tonkotsu broth\"}"));
        endpoint.otherwise(WebSearchConversationTest::citingTheLinks);

        Conversation.Answer answer =
                conversation.answer(from("how is tonkotsu broth made? use the web", "artie:outgoing:test"));

        var hits = FakeSearchServer.hitsFor("tonkotsu broth");
        assertThat(searxng.requests())
                .singleElement()
                .satisfies(request ->
                        assertThat(request.getRequestUrl().queryParameter("q")).isEqualTo("tonkotsu broth"));
        assertThat(endpoint.calls().get(1).messages().getLast()).containsEntry("role", "tool");
        assertThat(answer.offline()).isFalse();
        assertThat(answer.text())
                .isEqualTo("Here is what I found: [1] " + hits.get(0).url() + " [2] "
                        + hits.get(1).url());
    }

    @Test
    void aNewsQuestionSearchesBeforeTheModelAndTheReplyOnTheStreamCitesTheLinks() {
        endpoint.otherwise(WebSearchConversationTest::citingTheLinks);
        String replyStream = Streams.outgoing("test-" + UUID.randomUUID());
        IncomingMessage message = from("What's the latest news about the Mars rover?", replyStream);

        new StreamPublisher(commands, 10_000).publish(Streams.INCOMING, CODEC.encode(message));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        !commands.xrange(replyStream, Range.create("-", "+")).isEmpty());

        ReplyMessage reply = CODEC.decodeReply(commands.xrange(replyStream, Range.create("-", "+"))
                .getFirst()
                .getBody()
                .get(Streams.MESSAGE_FIELD));
        var hits = FakeSearchServer.hitsFor("latest news about the Mars rover");
        assertThat(searxng.requests())
                .singleElement()
                .satisfies(request -> assertThat(request.getRequestUrl().queryParameter("q"))
                        .isEqualTo("latest news about the Mars rover"));
        // What ran before asking reaches the model as its own tool call and the result (docs/architecture.md).
        assertThat(endpoint.calls().getFirst().messages().getLast()).containsEntry("role", "tool");
        assertThat(endpoint.calls()
                        .getFirst()
                        .messages()
                        .getLast()
                        .get("content")
                        .toString())
                .startsWith("Web search results for \"latest news about the Mars rover\":\n1. "
                        + hits.get(0).title());
        assertThat(reply.inReplyTo()).isEqualTo(message.id());
        assertThat(reply.text())
                .isEqualTo("Here is what I found: [1] " + hits.get(0).url() + " [2] "
                        + hits.get(1).url());
    }

    @Test
    void offlineTheSearchResultsAreTheReply() {
        endpoint.always(ANY, status(500, "down"));

        Conversation.Answer answer =
                conversation.answer(from("search the web for ramen recipes", "artie:outgoing:test"));

        var hits = FakeSearchServer.hitsFor("ramen recipes");
        assertThat(answer.offline()).isTrue();
        assertThat(answer.text())
                .isEqualTo("[offline] Web search results for \"ramen recipes\":\n"
                        + "1. " + hits.get(0).title() + "\n   " + hits.get(0).url() + "\n   "
                        + hits.get(0).snippet() + "\n"
                        + "2. " + hits.get(1).title() + "\n   " + hits.get(1).url() + "\n   "
                        + hits.get(1).snippet());
    }

    @Test
    void offlineWithNothingRunTheReplySaysSearchingIsOneOfTheThingsThatStillWork() {
        endpoint.always(ANY, status(500, "down"));

        assertThat(conversation.answer(from("hi", "artie:outgoing:test")).text())
                .startsWith("[offline] ")
                .contains("search the web (\"search the web for ramen recipes\")");
    }

    @Test
    void aWrongBraveKeyIsToldToThePersonAndNeverLogged() throws Exception {
        String wrongKey = "BSA-wrong-key-that-must-not-leak-42";
        try (LogCapture logs = new LogCapture();
                ApplicationContext brave = ApplicationContext.run(TestServices.properties(
                        redis.url(),
                        endpoint,
                        Files.createDirectories(dir.resolve("brave")),
                        "artie.search.backend",
                        "brave",
                        "artie.search.url",
                        searxng.baseUrl(),
                        "artie.search.api-key",
                        wrongKey))) {
            endpoint.always(ANY, status(500, "down"));

            Conversation.Answer answer = brave.getBean(Conversation.class)
                    .answer(from("look up the Eurovision winner", "artie:outgoing:test"));

            assertThat(searxng.requests())
                    .singleElement()
                    .satisfies(request -> assertThat(request.getHeader("X-Subscription-Token"))
                            .isEqualTo(wrongKey));
            assertThat(answer.text())
                    .isEqualTo("[offline] web.search failed: the search backend (Brave Search) "
                            + "refused the API key (HTTP 401); the operator must check ARTIE_SEARCH_API_KEY");
            assertThat(logs.all()).contains("web.search").doesNotContain(wrongKey);
        }
    }

    @Test
    void aBackendFailureIsToldToTheModelAndThePersonWithoutACrash() {
        searxng.answerWith(request -> FakeSearchServer.json(502, "Bad Gateway"));
        endpoint.script(
                ANY,
                toolCall("call-1", "web_search", "{\"query\": \"election results\"}"),
                answer("The search is not working right now."));

        Conversation.Answer answer = conversation.answer(from("who won?", "artie:outgoing:test"));

        assertThat(endpoint.calls().get(1).messages().getLast().get("content"))
                .isEqualTo("web.search failed: the search backend (SearXNG) answered HTTP 502");
        assertThat(answer.text()).isEqualTo("The search is not working right now.");

        endpoint.reset();
        endpoint.always(ANY, status(500, "down"));
        assertThat(conversation
                        .answer(from("what's in the news today?", "artie:outgoing:test"))
                        .text())
                .isEqualTo("[offline] web.search failed: the search backend (SearXNG) answered HTTP 502");
    }
}
