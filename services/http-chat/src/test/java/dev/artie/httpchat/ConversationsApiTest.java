package dev.artie.httpchat;

import static dev.artie.httpchat.ChatApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.conversation.ConversationStore;
import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `GET /api/conversations`, `GET` and `DELETE /api/conversations/{id}` against a real Redis, with conversations kept
 * by a stand-in for capabilities through the shared store, behind the API token as `/api/chat` is.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationsApiTest implements TestPropertyProvider {
    private static final String TOKEN = "conversations-token-5f1c";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static StandInCapabilities capabilities;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return ChatApi.settings(redis.url(), "10s", "artie.http.api-token", TOKEN);
    }

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static ConversationStore store;

    @BeforeAll
    static void start() {
        capabilities = StandInCapabilities.keepingConversations(redis.url(), message -> "echo: " + message.text());
        client = RedisClient.create(redis.url());
        connection = client.connect();
        store = new ConversationStore(connection, ObjectMapper.getDefault());
    }

    @AfterAll
    static void stop() {
        capabilities.close();
        connection.close();
        client.shutdown();
    }

    @Test
    void aChatWithAConversationIdIsKeptAndReadBackWithItsTurns() throws Exception {
        assertThat(send(
                                "POST",
                                "/api/chat",
                                "{\"userId\":\"ann\",\"message\":\"what is 2+2?\"," + "\"conversationId\":\"c-maths\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(
                                "POST",
                                "/api/chat",
                                "{\"userId\":\"ann\",\"message\":\"and 3+3?\"," + "\"conversationId\":\"c-maths\"}")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> one = send("GET", "/api/conversations/c-maths?userId=ann", null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body())
                .startsWith("{\"id\":\"c-maths\",\"title\":\"what is 2+2?\",\"updatedAt\":\"")
                .endsWith("\"turns\":[{\"role\":\"user\",\"text\":\"what is 2+2?\"},"
                        + "{\"role\":\"assistant\",\"text\":\"echo: what is 2+2?\"},"
                        + "{\"role\":\"user\",\"text\":\"and 3+3?\"},"
                        + "{\"role\":\"assistant\",\"text\":\"echo: and 3+3?\"}]}");
        assertThat(send("GET", "/api/conversations?userId=ann", null).body())
                .matches("\\{\"conversations\":\\[\\{\"id\":\"c-maths\",\"title\":\"what is 2\\+2\\?\",\"turns\":4,"
                        + "\"updatedAt\":\"20\\d\\d-\\d\\d-\\d\\dT[^\"]+Z\"}]}");
    }

    @Test
    void listsThePersonsConversationsNewestActivityFirst() throws Exception {
        Instant now = Instant.now();
        store.append("http", "bob", "older", "0", "first words", "hi", 20, 100, now.minusSeconds(30));
        store.append("http", "bob", "newer", "0", "second words", "hi", 20, 100, now.minusSeconds(20));
        store.append("http", "bob", "older", "0", "more words", "hi", 20, 100, now.minusSeconds(10));
        store.append("http", "someone-else", "theirs", "0", "not bob's", "hi", 20, 100, now);

        String body = send("GET", "/api/conversations?userId=bob", null).body();
        assertThat(body)
                .contains("\"id\":\"older\",\"title\":\"first words\",\"turns\":4")
                .contains("\"id\":\"newer\",\"title\":\"second words\",\"turns\":2")
                .doesNotContain("theirs");
        assertThat(body.indexOf("\"older\"")).isLessThan(body.indexOf("\"newer\""));
        assertThat(send("GET", "/api/conversations?userId=nobody-yet", null).body())
                .isEqualTo("{\"conversations\":[]}");
    }

    @Test
    void anotherPersonsConversationIsNotFoundAsAnUnknownOneIs() throws Exception {
        store.append("http", "cat", "c-cat", "0", "cat's secret", "ok", 20, 100, Instant.now());

        assertError(send("GET", "/api/conversations/c-cat?userId=dan", null), 404, "not_found");
        assertError(send("GET", "/api/conversations/no-such?userId=cat", null), 404, "not_found");
        assertError(send("DELETE", "/api/conversations/c-cat?userId=dan", null), 404, "not_found");
        assertThat(send("GET", "/api/conversations/c-cat?userId=cat", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void deletesAConversation() throws Exception {
        store.append("http", "eve", "c-1", "0", "keep me", "ok", 20, 100, Instant.now());
        store.append("http", "eve", "c-2", "0", "delete me", "ok", 20, 100, Instant.now());

        HttpResponse<String> deleted = send("DELETE", "/api/conversations/c-2?userId=eve", null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(send("GET", "/api/conversations/c-2?userId=eve", null), 404, "not_found");
        assertError(send("DELETE", "/api/conversations/c-2?userId=eve", null), 404, "not_found");
        assertThat(send("GET", "/api/conversations?userId=eve", null).body())
                .contains("c-1")
                .doesNotContain("c-2");
    }

    @Test
    void needTheTokenAndAUserIdAsTheChatDoes() throws Exception {
        for (String path : new String[] {"/api/conversations?userId=ann", "/api/conversations/c-maths?userId=ann"}) {
            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(refused, 401, "unauthorized");
        }
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + "/api/conversations/c-maths?userId=ann"))
                        .header("Authorization", "Bearer wrong")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(refused, 401, "unauthorized");
        assertError(send("GET", "/api/conversations", null), 400, "bad_user_id");
        assertError(send("GET", "/api/conversations/x?userId=not%20valid", null), 400, "bad_user_id");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
