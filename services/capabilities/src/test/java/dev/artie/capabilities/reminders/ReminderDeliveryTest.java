package dev.artie.capabilities.reminders;

import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.status;
import static dev.artie.capabilities.testing.FakeModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reminders set by chatting, through the real message path (incoming stream, capabilities service, the channel's
 * outgoing stream): each arrives on the stream it was set from, once, with several replicas and across a restart.
 */
class ReminderDeliveryTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    Path dir;

    private final FakeModelServer endpoint = new FakeModelServer();
    private final MessageCodec codec = MessageCodec.standalone();
    private final List<ApplicationContext> replicas = new ArrayList<>();
    private RedisClient client;
    private RedisCommands<String, String> commands;
    private String replyStream;

    @BeforeEach
    void setUp() {
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
        replyStream = Streams.outgoing("remind-" + UUID.randomUUID());
        endpoint.otherwise(call -> answer("Sure thing."));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ApplicationContext replica : replicas) {
            replica.close();
        }
        client.shutdown();
        endpoint.close();
    }

    private ApplicationContext start() {
        ApplicationContext replica = ApplicationContext.run(TestServices.properties(
                redis.url(), endpoint, dir.resolve("r" + replicas.size()), "artie.reminder.poll-interval", "200ms"));
        replicas.add(replica);
        return replica;
    }

    private String say(String person, String text) {
        IncomingMessage message = IncomingMessage.create(
                "test", person, "chat-" + person, text, replyStream, Map.of("thread", "t-" + person));
        new StreamPublisher(commands, 10_000).publish(Streams.INCOMING, codec.encode(message));
        return message.id();
    }

    private List<ReplyMessage> replies() {
        return commands.xrange(replyStream, Range.create("-", "+")).stream()
                .map(entry -> codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD)))
                .toList();
    }

    private List<ReplyMessage> reminders() {
        return replies().stream()
                .filter(reply -> reply.metadata().containsKey(ReminderDelivery.METADATA))
                .toList();
    }

    private ReplyMessage answerTo(String messageId) {
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        replies().stream().anyMatch(reply -> reply.inReplyTo().equals(messageId)));
        return replies().stream()
                .filter(reply -> reply.inReplyTo().equals(messageId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aReminderSetByChattingArrivesOnceOnItsChannelWithThreeReplicas() throws Exception {
        for (int i = 0; i < 3; i++) {
            start();
        }
        String asked = say("ann", "remind me in 2 seconds to stretch");
        answerTo(asked);

        await().atMost(Duration.ofSeconds(20)).until(() -> !reminders().isEmpty());
        Thread.sleep(1500); // several polls of every replica after it was due
        List<ReplyMessage> reminders = reminders();
        assertThat(reminders).hasSize(1);
        ReplyMessage reminder = reminders.getFirst();
        assertThat(reminder.text()).isEqualTo("Reminder: stretch");
        assertThat(reminder.personId()).isEqualTo("ann");
        assertThat(reminder.conversationId()).isEqualTo("chat-ann");
        assertThat(reminder.metadata()).containsEntry("thread", "t-ann");
        // The model saw what the capability did, and the reminder is gone from the list.
        String listed = say("ann", "what are my reminders?");
        answerTo(listed);
        assertThat(endpoint.calls().getLast().body()).contains("You have no reminders.");
    }

    @Test
    void theModelSetsAReminderWithItsTool() {
        start();
        endpoint.script(
                FakeModelServer.ANY,
                toolCall("call-1", "reminders_set", "{\"when\": \"in 2 seconds\", \"text\": \"drink water\"}"),
                answer("I'll nudge you."));
        assertThat(answerTo(say("dan", "could you nudge me shortly to drink water?"))
                        .text())
                .isEqualTo("I'll nudge you.");

        await().atMost(Duration.ofSeconds(20)).until(() -> !reminders().isEmpty());
        assertThat(reminders()).extracting(ReplyMessage::text).containsExactly("Reminder: drink water");
    }

    @Test
    void aReminderDueWhileTheServiceIsDownIsDeliveredOnceAfterItComesBack() throws Exception {
        endpoint.otherwise(call -> status(503, "{\"error\":{\"message\":\"down\"}}"));
        ApplicationContext first = start();
        String asked = say("bob", "remind me in 3 seconds to take the cake out");
        ReplyMessage confirmation = answerTo(asked);
        assertThat(confirmation.text())
                .as("offline, the same trigger works")
                .startsWith("[offline] OK, I'll remind " + "you to take the cake out on ");
        first.close();
        replicas.remove(first);

        Thread.sleep(4000); // due while nothing runs
        assertThat(reminders()).isEmpty();
        start();
        await().atMost(Duration.ofSeconds(20)).until(() -> !reminders().isEmpty());
        start(); // a second replica joining later finds nothing left to deliver
        Thread.sleep(1500);

        assertThat(reminders()).extracting(ReplyMessage::text).containsExactly("Reminder: take the cake out");
    }

    @Test
    void aRepeatingReminderIsListedAndCancelledByChatting() {
        endpoint.otherwise(call -> status(503, "{\"error\":{\"message\":\"down\"}}"));
        start();
        answerTo(say("cat", "my time zone is Europe/Paris"));
        assertThat(answerTo(say("cat", "every weekday at 9 remind me to stand up"))
                        .text())
                .contains("every weekday at 09:00");
        answerTo(say("cat", "remind me tomorrow at 8 to water the plants"));
        assertThat(answerTo(say("cat", "what are my reminders?")).text())
                .contains("times in Europe/Paris")
                .contains("stand up")
                .contains("water the plants");
        assertThat(answerTo(say("cat", "cancel the stand up reminder")).text())
                .contains("Cancelled your reminder to stand up.");
        assertThat(answerTo(say("cat", "what are my reminders?")).text())
                .doesNotContain("stand up")
                .contains("1. water the plants");
        assertThat(answerTo(say("cat", "forget everything about me")).text()).contains("YES");
        assertThat(answerTo(say("cat", "yes")).text()).contains("your reminders");
        assertThat(answerTo(say("cat", "what are my reminders?")).text()).contains("You have no reminders.");
    }
}
