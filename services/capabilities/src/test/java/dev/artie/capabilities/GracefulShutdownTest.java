package dev.artie.capabilities;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
            ApplicationContext service = ApplicationContext.run(TestServices.properties(redis.url(), endpoint, dir,
                    "artie.model.request-timeout", "10s"));
            IncomingMessage message = IncomingMessage.create("test", "ivy", "c", "hello",
                    Streams.outgoing("shutdown"), Map.of());
            new StreamPublisher(commands, 10_000).publish(Streams.INCOMING, codec.encode(message));
            await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.calls().isEmpty());

            service.close();

            var replies = commands.xrange(Streams.outgoing("shutdown"), Range.create("-", "+"));
            assertThat(replies).hasSize(1);
            assertThat(codec.decodeReply(replies.getFirst().getBody().get(Streams.MESSAGE_FIELD)).text())
                    .isEqualTo("finished while stopping");
            assertThat(commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP).getCount()).isZero();
        } finally {
            client.shutdown();
        }
    }
}
