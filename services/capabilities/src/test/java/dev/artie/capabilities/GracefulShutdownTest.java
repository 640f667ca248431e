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
import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the service lets the message in hand finish with the model, reply and acknowledge. */
class GracefulShutdownTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    Path dir;

    @Test
    void aMessageInFlightIsAnsweredAndAcknowledgedDuringShutdown() throws Exception {
        RedisClient client = RedisClient.create(redis.url());
        RedisCommands<String, String> commands = client.connect().sync();
        MessageCodec codec = MessageCodec.standalone();
        try (FakeModelServer endpoint = new FakeModelServer()) {
            endpoint.always(ANY, answer("finished while stopping").setHeadersDelay(1500, TimeUnit.MILLISECONDS));
            ApplicationContext service = ApplicationContext.run(
                    TestServices.properties(redis.url(), endpoint, dir, "artie.model.request-timeout", "10s"));
            IncomingMessage message =
                    IncomingMessage.create("test", "ivy", "c", "hello", Streams.outgoing("shutdown"), Map.of());
            new StreamPublisher(commands, 10_000).publish(Streams.INCOMING, codec.encode(message));
            await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.calls().isEmpty());

            service.close();

            var replies = commands.xrange(Streams.outgoing("shutdown"), Range.create("-", "+"));
            assertThat(replies).hasSize(1);
            assertThat(codec.decodeReply(replies.getFirst().getBody().get(Streams.MESSAGE_FIELD))
                            .text())
                    .isEqualTo("finished while stopping");
            assertThat(commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP)
                            .getCount())
                    .isZero();
        } finally {
            client.shutdown();
        }
    }

    /**
     * Issue 13 item 9: the grace runs out during a slow model call. The interrupted call is not a model failure:
     * no other model is asked, no "[offline]" reply goes out, the message stays pending; after the restart the
     * person gets the real answer, once.
     */
    @Test
    void aModelCallInterruptedAtShutdownPublishesNothingAndIsAnsweredAfterTheRestart() throws Exception {
        RedisClient client = RedisClient.create(redis.url());
        RedisCommands<String, String> commands = client.connect().sync();
        MessageCodec codec = MessageCodec.standalone();
        String replies = Streams.outgoing("interrupted");
        Object[] settings = {
            "artie.model.models",
            "model-a,model-b",
            "artie.model.request-timeout",
            "30s",
            "artie.queue.shutdown-grace",
            "500ms",
            "artie.queue.claim-idle",
            "1s"
        };
        try (FakeModelServer endpoint = new FakeModelServer()) {
            endpoint.always(ANY, answer("too late").setHeadersDelay(6, TimeUnit.SECONDS));
            ApplicationContext service =
                    ApplicationContext.run(TestServices.properties(redis.url(), endpoint, dir, settings));
            IncomingMessage message =
                    IncomingMessage.create("test", "joy", "c", "what is the answer?", replies, Map.of());
            new StreamPublisher(commands, 10_000).publish(Streams.INCOMING, codec.encode(message));
            await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.calls().isEmpty());

            try (LogCapture log = new LogCapture()) {
                service.close(); // the grace (500 ms) runs out while the model is still thinking

                assertThat(commands.xlen(replies))
                        .as("replies published at shutdown")
                        .isZero();
                // The registry closes with the service, so the log tells what the router did after the interrupt.
                assertThat(log.all())
                        .doesNotContain("answering offline")
                        .doesNotContain("model model-b failed")
                        .contains("was interrupted; it stays pending");
            }
            assertThat(commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP)
                            .getCount())
                    .isEqualTo(1);

            endpoint.reset();
            endpoint.always(ANY, answer("the real answer"));
            ApplicationContext restarted =
                    ApplicationContext.run(TestServices.properties(redis.url(), endpoint, dir, settings));
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> commands.xlen(replies) > 0
                                && commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP)
                                                .getCount()
                                        == 0);
                Thread.sleep(1_000); // a second reply would come within this
                var published = commands.xrange(replies, Range.create("-", "+"));
                assertThat(published).hasSize(1);
                var reply = codec.decodeReply(published.getFirst().getBody().get(Streams.MESSAGE_FIELD));
                assertThat(reply.text()).isEqualTo("the real answer");
                assertThat(reply.offline()).isFalse();
                assertThat(reply.inReplyTo()).isEqualTo(message.id());
            } finally {
                restarted.close();
            }
        } finally {
            client.shutdown();
        }
    }
}
