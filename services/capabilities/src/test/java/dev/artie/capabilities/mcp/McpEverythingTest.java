package dev.artie.capabilities.mcp;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.capabilities.conversation.Conversation;
import dev.artie.capabilities.testing.EverythingServer;
import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP against the real reference server (server-everything, over stdio, a node process), next to a configured server
 * that cannot start: the model's native tool calls and tags reach the real tool; the broken server takes away only
 * its own tools.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpEverythingTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static FakeModelServer endpoint;

    @Inject
    EmbeddedServer service;

    @Inject
    Conversation conversation;

    @Override
    public Map<String, String> getProperties() {
        String servers = EverythingServer.serversJson(
                "{\"name\":\"broken\",\"command\":\"" + dir.resolve("no-such-mcp-server") + "\"}");
        endpoint = new FakeModelServer();
        return TestServices.testProperties(
                redis.url(), endpoint, dir, "artie.mcp.servers", servers, "artie.capability.timeout", "20s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @BeforeEach
    void reset() {
        endpoint.reset();
    }

    private static IncomingMessage ask(String text) {
        return IncomingMessage.create("test", "ann", "conversation-ann", text, "artie:outgoing:test", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messagesOf(FakeModelServer.Call call) {
        return (List<Map<String, Object>>) call.json().get("messages");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> offeredTool(FakeModelServer.Call call, String name) {
        List<Map<String, Map<String, Object>>> tools =
                (List<Map<String, Map<String, Object>>>) call.json().get("tools");
        return tools.stream()
                .map(tool -> tool.get("function"))
                .filter(f -> name.equals(f.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name + " offered"));
    }

    @Test
    void theModelCallsTheAddToolNativelyAndReadsFive() {
        endpoint.script(ANY, toolCall("call-1", "mcp-everything_get-sum", "{\"a\": 2, \"b\": 3}"), answer("It is 5."));

        Conversation.Answer answer = conversation.answer(ask("use the everything server's add tool on 2 and 3"));

        assertThat(answer.text()).isEqualTo("It is 5.");
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters =
                (Map<String, Object>) offeredTool(endpoint.calls().getFirst(), "mcp-everything_get-sum")
                        .get("parameters");
        assertThat(parameters).containsEntry("type", "object");
        assertThat(((Map<?, ?>) parameters.get("properties")).keySet())
                .map(String::valueOf)
                .contains("a", "b");
        assertThat(messagesOf(endpoint.calls().get(1)).getLast())
                .containsEntry("role", "tool")
                .containsEntry("tool_call_id", "call-1")
                .containsEntry("content", "The sum of 2 and 3 is 5.");
    }

    /** As a person would: a message on the incoming stream, the reply on its reply stream. */
    @Test
    void aChatThroughTheQueueGetsTheSumFromTheRealTool() {
        endpoint.script(
                ANY, toolCall("call-1", "mcp-everything_get-sum", "{\"a\": 2, \"b\": 3}"), answer("2 and 3 make 5."));
        MessageCodec codec = MessageCodec.standalone();
        String replyStream = Streams.outgoing("mcp-test");
        IncomingMessage message =
                IncomingMessage.create("test", "bob", "c-bob", "add 2 and 3 with the add tool", replyStream, Map.of());
        RedisClient client = RedisClient.create(redis.url());
        try {
            RedisCommands<String, String> commands = client.connect().sync();
            new StreamPublisher(commands, 10_000).publish(Streams.INCOMING, codec.encode(message));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !commands.xrange(replyStream, Range.create("-", "+"))
                            .isEmpty());
            ReplyMessage reply = codec.decodeReply(commands.xrange(replyStream, Range.create("-", "+"))
                    .getFirst()
                    .getBody()
                    .get(Streams.MESSAGE_FIELD));

            assertThat(reply.inReplyTo()).isEqualTo(message.id());
            assertThat(reply.text()).isEqualTo("2 and 3 make 5.");
            assertThat(reply.offline()).isFalse();
            assertThat(messagesOf(endpoint.calls().get(1)).getLast())
                    .containsEntry("content", "The sum of 2 and 3 is 5.");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aCapabilityTagCallsTheSameTool() {
        endpoint.script(
                ANY,
                answer("<capability name=\"mcp-everything\" action=\"get-sum\" data='{\"a\":2,\"b\":3}' />"),
                answer("2 + 3 = 5"));

        Conversation.Answer answer = conversation.answer(ask("add 2 and 3 with the everything server"));

        assertThat(answer.text()).isEqualTo("2 + 3 = 5");
        assertThat(messagesOf(endpoint.calls().getFirst())
                        .getFirst()
                        .get("content")
                        .toString())
                .contains("- mcp-everything: Tools of the MCP server 'everything'")
                .contains("action \"get-sum\" (a, b): Returns the sum of two numbers")
                .contains("Capabilities named mcp-<server> are tools of outside MCP servers");
        assertThat(messagesOf(endpoint.calls().get(1)).getLast())
                .containsEntry("content", "Capability results:\nThe sum of 2 and 3 is 5.");
    }

    @Test
    void aToolsOwnErrorReachesTheModelAsAnErrorResult() {
        endpoint.script(ANY, toolCall("call-1", "mcp-everything_get-sum", "{\"a\": \"two\"}"), answer("Sorry."));

        conversation.answer(ask("add two and nothing"));

        assertThat(messagesOf(endpoint.calls().get(1)).getLast().get("content").toString())
                .startsWith("mcp-everything.get-sum failed: ");
    }

    @Test
    void aServerThatIsDownTakesAwayOnlyItsOwnToolsAndIsAHealthDetail() throws Exception {
        endpoint.script(ANY, answer("<capability name=\"mcp-broken\" action=\"anything\" />"), answer("ok"));

        conversation.answer(ask("use the broken server"));

        assertThat(messagesOf(endpoint.calls().get(1)).getLast().get("content").toString())
                .startsWith("Capability results:\nmcp-broken.anything failed: there is no capability 'mcp-broken'");
        @SuppressWarnings("unchecked")
        List<Map<String, Map<String, Object>>> tools = (List<Map<String, Map<String, Object>>>)
                endpoint.calls().getFirst().json().get("tools");
        assertThat(tools)
                .extracting(tool -> tool.get("function").get("name").toString())
                .contains("mcp-everything_echo")
                .noneMatch(name -> name.startsWith("mcp-broken"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + service.getPort() + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"everything\":\"up (")
                    .contains("\"broken\":\"down: command not found or not executable: ");
            HttpResponse<String> readiness = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + service.getPort() + "/health/readiness"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).isEqualTo(200);
        }
    }
}
