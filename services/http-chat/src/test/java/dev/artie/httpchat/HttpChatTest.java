package dev.artie.httpchat;

import static dev.artie.httpchat.ChatApi.assertError;
import static dev.artie.httpchat.ChatApi.chat;
import static dev.artie.httpchat.ChatApi.chatAsync;
import static dev.artie.httpchat.ChatApi.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.QueueSettings;
import dev.artie.shared.queue.StreamConsumer;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP channel against a real Redis, with a stand-in for the capabilities service that answers each message
 * with "echo: <text>" through the real queue contract.
 */
class HttpChatTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static EmbeddedServer first;
    private static EmbeddedServer second;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static StreamConsumer echo;

    @BeforeAll
    static void start() {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        MessageCodec codec = MessageCodec.standalone();
        StreamPublisher publisher = new StreamPublisher(connection.sync(), 10_000);
        echo = new StreamConsumer(
                client,
                connection.sync(),
                Streams.INCOMING,
                Streams.CAPABILITIES_GROUP,
                "echo",
                QueueSettings.defaults(),
                entry -> {
                    var message = codec.decodeIncoming(entry.payload());
                    if (!message.text().equals("never answered")) {
                        publisher.publishReplyOnce(
                                message.replyTo(),
                                message.id(),
                                codec.encode(message.reply("echo: " + message.text(), false)));
                    }
                },
                new DeadLetters(connection.sync(), publisher),
                new SimpleMeterRegistry());
        echo.start();
        first = server();
        second = server();
    }

    private static EmbeddedServer server() {
        return ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "redis.uri",
                        redis.url(),
                        "micronaut.server.port",
                        -1,
                        "artie.http.reply-timeout",
                        "2s",
                        "artie.input.max-message-length",
                        50));
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
        echo.stop(Duration.ofSeconds(2));
        connection.close();
        client.shutdown();
    }

    @Test
    void answersAChatWithItsReply() throws Exception {
        HttpResponse<String> response = chat(first, "{\"userId\":\"u1\",\"message\":\"hello\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"reply\":\"echo: hello\"")
                .contains("\"offline\":false")
                .contains("\"messageId\"");
    }

    @Test
    void everyReplyReachesTheInstanceThatAskedEvenWithManyInFlight() {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 40)
                .mapToObj(i -> chatAsync(
                        i % 2 == 0 ? first : second, "{\"userId\":\"u" + i + "\",\"message\":\"number " + i + "\"}"))
                .toList();
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<String> response = calls.get(i).join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"reply\":\"echo: number " + i + "\"");
        }
    }

    @Test
    void refusesBadInputWithAClearJsonError() throws Exception {
        assertError(chat(first, "{bad json"), 400, "bad_json");
        assertError(chat(first, "{\"userId\":\"u1\",\"message\":\"   \"}"), 400, "empty_message");
        assertError(chat(first, "{\"message\":\"hi\"}"), 400, "missing_user_id");
        assertError(chat(first, "{\"userId\":\"u1\",\"message\":\"" + "x".repeat(51) + "\"}"), 400, "message_too_long");
        assertError(chat(first, "{\"userId\":\"no spaces allowed\",\"message\":\"hi\"}"), 400, "bad_user_id");
        assertError(chat(first, ""), 400, "missing_body");
    }

    @Test
    void timesOutWithA504WhenNoReplyComes() throws Exception {
        HttpResponse<String> response = chat(first, "{\"userId\":\"u1\",\"message\":\"never answered\"}");
        assertError(response, 504, "reply_timeout");
        assertThat(response.body()).contains("is still being worked on").contains("GET /api/chat/");
    }

    @Test
    void servesTheChatPageHealthAndMetrics() throws Exception {
        HttpResponse<String> page = get(first, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"chat.js\"");
        assertThat(get(first, "/chat.js").body()).contains("api/chat");

        HttpResponse<String> health = get(first, "/health/readiness");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"redis\"").doesNotContain(redis.url());
        // which process answers, so that the local stack knows it is the one it started (issue 13 item 20)
        assertThat(health.body()).contains("\"pid\":" + ProcessHandle.current().pid());

        chat(first, "{\"userId\":\"u1\",\"message\":\"count me\"}");
        String metrics = get(first, "/prometheus").body();
        assertThat(metrics)
                .contains("artie_messages_total{channel=\"http\",outcome=\"received\"}")
                .contains("artie_messages_total{channel=\"http\",outcome=\"replied\"}")
                .contains("artie_reply_latency_seconds_bucket")
                .contains("artie_stream_length{stream=\"artie:outgoing:http:<instance>\"}")
                .as("the channel's own stream (reminders), a series of its own")
                .contains("artie_stream_length{stream=\"artie:outgoing:http\"}");
    }
}
