package dev.artie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.LocalStackProcess;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "done when", tried as a person would: the real `./artie up` (the command-line jar) starts the real
 * service jars as processes, and the test chats with them over HTTP, kills the capabilities process with SIGKILL
 * in the middle of a burst, and pokes a malformed entry into the incoming stream. No model key: replies are
 * offline and come from the capabilities.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackSystemTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalStackProcess stack;
    private static int chatPort;
    private static int capabilitiesPort;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void startTheStack() throws Exception {
        // Reclaim a killed consumer's messages quickly.
        stack = LocalStackProcess.start(redisServer.url(), Map.of("ARTIE_QUEUE_CLAIM_IDLE", "3s"), () -> true);
        chatPort = stack.chatPort();
        capabilitiesPort = stack.capabilitiesPort();
        client = RedisClient.create(redisServer.url());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
    }

    @Test
    @Order(1)
    void answersAPercentageOfflineWithTheCalculator() throws Exception {
        HttpResponse<String> response = chat("u1", "what is 17% of 240?");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("40.8")
                .contains("\"offline\":true")
                .containsIgnoringCase("offline]");
    }

    @Test
    @Order(2)
    void remembersForThePersonWhoSaidItAndNoOneElse() throws Exception {
        assertThat(chat("ramen-lover", "remember that my favourite food is ramen")
                        .statusCode())
                .isEqualTo(200);
        assertThat(chat("ramen-lover", "what foods do I like?").body()).contains("ramen");
        assertThat(chat("someone-else", "what foods do I like?").body()).doesNotContain("ramen");
    }

    @Test
    @Order(3)
    void everyChatOfABurstGetsItsOwnAnswerOnceThoughCapabilitiesIsKilledMidway() throws Exception {
        ProcessHandle capabilities = stack.serviceProcess("artie-capabilities");
        List<CompletableFuture<HttpResponse<String>>> chats = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            chats.add(chatAsync("burst-" + i, "what is " + (1000 + i) + " + " + i + "?"));
            if (i == 60) {
                // Mid-burst, with messages in flight: a crash, not a shutdown.
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                chats.stream().filter(CompletableFuture::isDone).count() >= 10);
                capabilities.destroyForcibly();
            }
        }

        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < chats.size(); i++) {
            HttpResponse<String> response = chats.get(i).get();
            assertThat(response.statusCode())
                    .as("chat %d: %s", i, response.body())
                    .isEqualTo(200);
            assertThat(response.body()).as("chat %d answers its own sum", i).contains(" = " + (1000 + 2 * i));
            Matcher id = MESSAGE_ID.matcher(response.body());
            assertThat(id.find()).isTrue();
            messageIds.add(id.group(1));
        }
        assertThat(stack.serviceProcess("artie-capabilities").pid())
                .as("restarted by the supervisor")
                .isNotEqualTo(capabilities.pid());

        // None twice: the reply stream holds exactly one reply to each of the 200 messages.
        Map<String, Integer> repliesPerMessage = new HashMap<>();
        MessageCodec codec = MessageCodec.standalone();
        for (String stream : replyStreams()) {
            for (var entry : redis.xrange(stream, Range.create("-", "+"))) {
                ReplyMessage reply = codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD));
                repliesPerMessage.merge(reply.inReplyTo(), 1, Integer::sum);
            }
        }
        for (String id : messageIds) {
            assertThat(repliesPerMessage.get(id)).as("replies to %s", id).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void aMalformedEntryIsDeadLetteredAndTheStackGoesOn() throws Exception {
        long before = redis.exists(Streams.DEAD_LETTER) == 0 ? 0 : redis.xlen(Streams.DEAD_LETTER);
        redis.xadd(Streams.INCOMING, Map.of(Streams.MESSAGE_FIELD, "{\"this is\": not json"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> redis.exists(Streams.DEAD_LETTER) > 0 && redis.xlen(Streams.DEAD_LETTER) == before + 1);
        var letter = redis.xrevrange(Streams.DEAD_LETTER, Range.create("-", "+"), io.lettuce.core.Limit.from(1))
                .getFirst()
                .getBody();
        assertThat(letter.get("reason")).startsWith("malformed");
        assertThat(letter.get(Streams.MESSAGE_FIELD)).isEqualTo("{\"this is\": not json");
        assertThat(chat("u1", "what is 2 + 2?").body()).contains("4");
    }

    @Test
    @Order(5)
    void servesThePageHealthAndMetrics() throws Exception {
        HttpResponse<String> page = get(chatPort, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Artie</title>");
        assertThat(get(chatPort, "/health").body()).contains("\"status\":\"UP\"");
        assertThat(get(capabilitiesPort, "/health").body()).contains("\"status\":\"UP\"");
        assertThat(get(chatPort, "/prometheus").body()).contains("artie_messages_total{channel=\"http\"");
        assertThat(get(capabilitiesPort, "/prometheus").body())
                .contains("artie_capability_calls_total{capability=\"calculator\"")
                .contains("artie_stream_length{stream=\"artie:incoming\"}")
                .contains("artie_dead_letters_total");
    }

    private static List<String> replyStreams() {
        List<String> streams = new ArrayList<>();
        ScanIterator.scan(
                        redis,
                        KeyScanArgs.Builder.matches(Streams.OUTGOING_PREFIX + "http:*")
                                .limit(100))
                .forEachRemaining(streams::add);
        return streams;
    }

    private static HttpResponse<String> chat(String user, String message) throws Exception {
        return chatAsync(user, message).get();
    }

    private static CompletableFuture<HttpResponse<String>> chatAsync(String user, String message) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chatPort + "/api/chat"))
                        .timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"userId\":\"" + user + "\",\"message\":\"" + message + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return stack.get(port, path);
    }
}
