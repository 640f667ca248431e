package dev.artie.shared.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The intake of the push channels against a real Redis: what is queued, what is answered instead, and how often. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitedSenderTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @Inject
    LimitedSender sender;

    @Inject
    MeterRegistry metrics;

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "redis.uri",
                redis.url(),
                "artie.rate-limit.per-person",
                "2",
                "artie.rate-limit.person-period",
                "1h",
                "artie.input.max-message-length",
                "100");
    }

    @BeforeAll
    static void start() {
        client = RedisClient.create(redis.url());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
    }

    @Test
    void withinTheLimitsAMessageIsQueuedAndBeyondTheRateOnlyTheFirstRefusalIsAnswered() {
        String channel = channel();
        List<IncomingMessage> sent = List.of(
                message(channel, "p1", "hi"),
                message(channel, "p1", "hi again"),
                message(channel, "p1", "third"),
                message(channel, "p1", "fourth"),
                message(channel, "p1", "fifth"));
        long incomingBefore = incomingLength();

        assertThat(sent.stream().map(sender::send)).containsExactly(true, true, false, false, false);

        assertThat(incomingLength()).isEqualTo(incomingBefore + 2);
        List<ReplyMessage> replies = replies(channel);
        assertThat(replies).as("one polite reply, not one per refused message").hasSize(1);
        assertThat(replies.getFirst().inReplyTo()).isEqualTo(sent.get(2).id());
        assertThat(replies.getFirst().personId()).isEqualTo("p1");
        assertThat(replies.getFirst().text())
                .startsWith("You're sending messages faster")
                .contains("Please wait about");
        // Someone else on the same channel is not held back.
        assertThat(sender.send(message(channel, "p2", "hello"))).isTrue();
    }

    @Test
    void aMessageOverTheLengthLimitIsAnsweredWithTheLimitAndNotQueued() {
        String channel = channel();
        IncomingMessage tooLong = message(channel, "p1", "x".repeat(1_234));
        long incomingBefore = incomingLength();

        assertThat(sender.send(tooLong)).isFalse();

        assertThat(incomingLength()).isEqualTo(incomingBefore);
        assertThat(replies(channel)).singleElement().satisfies(reply -> {
            assertThat(reply.inReplyTo()).isEqualTo(tooLong.id());
            assertThat(reply.text())
                    .isEqualTo("Your message is 1,234 characters long; I can read at most 100."
                            + " Please send a shorter one.");
        });
        assertThat(counted(channel, "too_long")).isEqualTo(1);
        assertThat(sender.send(message(channel, "p1", "x".repeat(100))))
                .as("exactly at the limit")
                .isTrue();
    }

    @Test
    void refusalsCountAgainstTheRateLimitSoTheyCannotFloodAnyoneWithAnswers() {
        String channel = channel();
        for (int i = 0; i < 6; i++) {
            sender.refuse(message(channel, "p1", ""), Outcome.TOO_LARGE, "too large");
        }

        // Two refusals within the allowance, then the one rate-limit notice; nothing more.
        List<ReplyMessage> replies = replies(channel);
        assertThat(replies).hasSize(3);
        assertThat(replies.subList(0, 2)).extracting(ReplyMessage::text).containsOnly("too large");
        assertThat(replies.get(2).text()).startsWith("You're sending messages faster");
        assertThat(counted(channel, "too_large")).isEqualTo(2);
    }

    private static String channel() {
        return "intake-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static IncomingMessage message(String channel, String person, String text) {
        return IncomingMessage.create(channel, person, "c-" + person, text, Streams.outgoing(channel), Map.of());
    }

    private static long incomingLength() {
        return connection.sync().exists(Streams.INCOMING) == 0
                ? 0
                : connection.sync().xlen(Streams.INCOMING);
    }

    private static List<ReplyMessage> replies(String channel) {
        MessageCodec codec = MessageCodec.standalone();
        return connection.sync().xrange(Streams.outgoing(channel), Range.create("-", "+")).stream()
                .map(entry -> codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD)))
                .toList();
    }

    private double counted(String channel, String outcome) {
        Counter counter = metrics.find("artie.messages")
                .tags("channel", channel, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
