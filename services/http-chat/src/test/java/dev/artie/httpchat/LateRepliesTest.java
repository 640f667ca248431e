package dev.artie.httpchat;

import static dev.artie.httpchat.ChatApi.assertError;
import static dev.artie.httpchat.ChatApi.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import io.lettuce.core.RedisClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reply after its request timed out, or addressed to an instance that is gone, can still be fetched. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LateRepliesTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static StandInCapabilities capabilities;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return ChatApi.settings(redis.url(), "1s");
    }

    @BeforeAll
    static void start() {
        capabilities = new StandInCapabilities(redis.url(), message -> {
            if (message.text().startsWith("slow")) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "echo: " + message.text();
        });
    }

    @AfterAll
    static void stop() {
        capabilities.close();
    }

    @Test
    void aReplyAfterTheTimeOutIsFetchedByItsSenderOnly() throws Exception {
        HttpResponse<String> timedOut = chat(server, "{\"userId\":\"patient\",\"message\":\"slow question\"}");
        assertError(timedOut, 504, "reply_timeout");
        Matcher id = Pattern.compile("GET /api/chat/([0-9a-f-]{36})\\?userId=patient")
                .matcher(timedOut.body());
        assertThat(id.find()).as(timedOut.body()).isTrue();
        String path = "/api/chat/" + id.group(1);

        HttpResponse<String> pending = ChatApi.get(server, path + "?userId=patient");
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        assertThat(pending.body()).contains("\"error\":\"pending\"");

        HttpResponse<String> late = await().atMost(Duration.ofSeconds(20))
                .until(() -> ChatApi.get(server, path + "?userId=patient"), response -> response.statusCode() == 200);
        assertThat(late.body()).contains("\"reply\":\"echo: slow question\"").contains(id.group(1));

        assertError(ChatApi.get(server, path + "?userId=someone-else"), 404, "not_found");
        assertError(ChatApi.get(server, path), 400, "bad_user_id");
        assertError(
                ChatApi.get(server, "/api/chat/00000000-0000-0000-0000-000000000000?userId=patient"), 404, "not_found");
    }

    @Test
    void aReplyToAVanishedInstanceCreatesNoStreamAndCanBeFetchedFromAnother() throws Exception {
        String gone = Streams.outgoing("http", "instance-that-is-gone");
        IncomingMessage asked = IncomingMessage.create("http", "ghost", "ghost", "anyone?", gone, Map.of());
        RedisClient client = RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            StreamPublisher publisher = new StreamPublisher(connection.sync(), 10_000);
            assertThat(publisher.publishReplyOnce(
                            gone, asked.id(), MessageCodec.standalone().encode(asked.reply("here I am", false))))
                    .isTrue();

            assertThat(connection.sync().exists(gone))
                    .as("no stream without a reader")
                    .isZero();
            assertThat(connection.sync().ttl(Streams.parkedReply(asked.id())))
                    .as("kept for a while, not forever")
                    .isPositive();
        } finally {
            client.shutdown();
        }
        HttpResponse<String> fetched = ChatApi.get(server, "/api/chat/" + asked.id() + "?userId=ghost");
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        assertThat(fetched.body()).contains("\"reply\":\"here I am\"");
    }
}
