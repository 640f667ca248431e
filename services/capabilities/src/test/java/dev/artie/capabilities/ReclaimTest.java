package dev.artie.capabilities;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capabilities replica that died holding a message: the running one reclaims it and the person gets exactly one
 * reply, whether the dead one had replied or not.
 */
class ReclaimTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    Path dir;

    private final FakeModelServer endpoint = new FakeModelServer();
    private final MessageCodec codec = MessageCodec.standalone();
    private RedisClient client;
    private RedisCommands<String, String> commands;
    private StreamPublisher publisher;
    private ApplicationContext service;
    private String replyStream;

    @BeforeEach
    void setUp() {
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
        publisher = new StreamPublisher(commands, 10_000);
        commands.del(Streams.INCOMING);
        commands.xgroupCreate(
                XReadArgs.StreamOffset.from(Streams.INCOMING, "0"),
                Streams.CAPABILITIES_GROUP,
                XGroupCreateArgs.Builder.mkstream());
        replyStream = Streams.outgoing("reclaim-" + UUID.randomUUID());
        endpoint.always(ANY, answer("answered by the survivor"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
        client.shutdown();
        endpoint.close();
    }

    /** A message the dead replica took off the stream and never acknowledged. */
    private IncomingMessage takenByADeadReplica() {
        IncomingMessage message = IncomingMessage.create("test", "hal", "c", "hello", replyStream, Map.of());
        publisher.publish(Streams.INCOMING, codec.encode(message));
        assertThat(commands.xreadgroup(
                        Consumer.from(Streams.CAPABILITIES_GROUP, "dead-replica"),
                        XReadArgs.StreamOffset.lastConsumed(Streams.INCOMING)))
                .hasSize(1);
        return message;
    }

    private void startSurvivor() {
        service = ApplicationContext.run(
                TestServices.properties(redis.url(), endpoint, dir, "artie.queue.claim-idle", "1s"));
    }

    private long pending() {
        return commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP).getCount();
    }

    @Test
    void aMessageLeftPendingIsReclaimedAndAnsweredOnce() {
        IncomingMessage message = takenByADeadReplica();

        startSurvivor();

        await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
        var replies = commands.xrange(replyStream, Range.create("-", "+"));
        assertThat(replies).hasSize(1);
        assertThat(codec.decodeReply(replies.getFirst().getBody().get(Streams.MESSAGE_FIELD))
                        .inReplyTo())
                .isEqualTo(message.id());
        assertThat(endpoint.calls()).hasSize(1);
    }

    @Test
    void aMessageWhoseReplyWasPublishedBeforeTheCrashIsNotAnsweredTwice() {
        IncomingMessage message = takenByADeadReplica();
        publisher.publishReplyOnce(
                replyStream, message.id(), codec.encode(message.reply("from the dead replica", false)));

        startSurvivor();

        await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
        assertThat(commands.xrange(replyStream, Range.create("-", "+"))).hasSize(1);
        assertThat(endpoint.calls()).isEmpty();
    }
}
