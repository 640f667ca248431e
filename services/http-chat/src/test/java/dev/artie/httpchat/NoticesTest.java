package dev.artie.httpchat;

import static dev.artie.httpchat.ChatApi.assertError;
import static dev.artie.httpchat.ChatApi.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reminder for an HTTP person comes as a reply nobody asked for, on the channel's shared stream: two http-chat
 * instances read it as one group, and whichever the page asks hands it out once (docs/http-api.md, "Reminders").
 */
class NoticesTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static EmbeddedServer one;
    private static EmbeddedServer two;
    private static RedisClient client;
    private static RedisCommands<String, String> commands;

    @BeforeAll
    static void start() {
        Map<String, Object> properties = Map.of("redis.uri", redis.url(), "micronaut.server.port", -1);
        one = ApplicationContext.run(EmbeddedServer.class, properties);
        two = ApplicationContext.run(EmbeddedServer.class, properties);
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
    }

    @AfterAll
    static void stop() {
        one.stop();
        two.stop();
        client.shutdown();
    }

    private static ReplyMessage reminder(String person, String text) {
        String occurrence = "reminder:" + UUID.randomUUID() + ":1";
        return new ReplyMessage(
                ReplyMessage.VERSION,
                ReplyMessage.TYPE,
                UUID.randomUUID().toString(),
                occurrence,
                occurrence,
                "http",
                person,
                "c-1234",
                text,
                Instant.now(),
                false,
                Map.of("reminder", "r1"),
                Instant.now());
    }

    @Test
    void aReminderOnTheSharedStreamIsHandedOutOnceByEitherInstance() throws Exception {
        ReplyMessage reminder = reminder("ann", "Reminder: stretch");
        String payload = MessageCodec.standalone().encode(reminder);
        StreamPublisher publisher = new StreamPublisher(commands, 10_000);
        publisher.publish(Streams.outgoing("http"), payload);
        String again = publisher.publish(Streams.outgoing("http"), payload); // delivered again, as after a crash
        await().atMost(Duration.ofSeconds(20)).until(() -> readAndAcknowledged(again));

        assertThat(get(two, "/api/notices?userId=bob").body()).isEqualTo("{\"notices\":[]}");
        HttpResponse<String> handed = get(two, "/api/notices?userId=ann");
        assertThat(handed.statusCode()).as(handed.body()).isEqualTo(200);
        assertThat(handed.body())
                .isEqualTo("{\"notices\":[{\"id\":\"" + reminder.id() + "\",\"text\":\"Reminder: "
                        + "stretch\",\"at\":\"" + reminder.createdAt() + "\",\"conversationId\":\"c-1234\"}]}");

        assertThat(get(one, "/api/notices?userId=ann").body())
                .as("handed out once")
                .isEqualTo("{\"notices\":[]}");
        assertThat(get(two, "/api/notices?userId=ann").body()).isEqualTo("{\"notices\":[]}");
        assertError(get(one, "/api/notices"), 400, "bad_user_id");
    }

    /** Whether the group has read every entry up to {@code entryId} and acknowledged them all. */
    private static boolean readAndAcknowledged(String entryId) {
        for (Object group : commands.xinfoGroups(Streams.outgoing("http"))) {
            List<?> fields = (List<?>) group;
            int at = fields.indexOf("last-delivered-id");
            if (at >= 0 && entryId.equals(fields.get(at + 1))) {
                return commands.xpending(Streams.outgoing("http"), "http").getCount() == 0;
            }
        }
        return false;
    }

    @Test
    void noticesWaitForTheirPersonInOrder() throws Exception {
        StreamPublisher publisher = new StreamPublisher(commands, 10_000);
        ReplyMessage first = reminder("cat", "Reminder: first");
        Thread.sleep(5);
        ReplyMessage second = reminder("cat", "Reminder: second");
        publisher.publish(Streams.outgoing("http"), MessageCodec.standalone().encode(second));
        publisher.publish(Streams.outgoing("http"), MessageCodec.standalone().encode(first));

        HttpResponse<String> handed = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> get(one, "/api/notices?userId=cat"),
                        response -> response.body().contains("second"));
        String body = handed.body().contains("first")
                ? handed.body()
                : handed.body() + get(one, "/api/notices?userId=cat").body();
        assertThat(body.indexOf("Reminder: first"))
                .as(body)
                .isLessThan(body.indexOf("Reminder: second"))
                .isNotNegative();
    }
}
