package dev.artie.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.model.PartialText;
import dev.artie.capabilities.testing.MutableClock;
import dev.artie.shared.queue.DeltaMessage;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Partial replies written to a real Redis, paced by a clock the test moves. */
class DeltaWriterTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static RedisClient client;
    private static RedisCommands<String, String> commands;

    private final MessageCodec codec = MessageCodec.standalone();
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void connect() {
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    private static IncomingMessage message(Map<String, String> metadata) {
        return IncomingMessage.create("test", "ann", "c-ann", "hi", Streams.outgoing("test"), metadata);
    }

    private List<String> written(IncomingMessage message) {
        return commands.xrange(Streams.deltas(message.id()), Range.create("-", "+")).stream()
                .map(entry -> entry.getBody().get(Streams.MESSAGE_FIELD))
                .toList();
    }

    @Test
    void writesAtMostOneTextPerIntervalAndEveryReset() {
        IncomingMessage message = message(Map.of(Streams.DELTAS_METADATA, "true"));
        PartialText writer = DeltaWriter.forMessage(message, new StreamPublisher(commands, 10_000), codec, clock);

        writer.text("He");
        writer.text("Hel");
        clock.advance(DeltaWriter.INTERVAL);
        writer.text("Hello");
        writer.reset();
        writer.text("Hi");

        assertThat(written(message))
                .containsExactly(
                        codec.encode(DeltaMessage.text(message.id(), 1, "He")),
                        codec.encode(DeltaMessage.text(message.id(), 2, "Hello")),
                        codec.encode(DeltaMessage.reset(message.id(), 3)),
                        codec.encode(DeltaMessage.text(message.id(), 4, "Hi")));
    }

    @Test
    void aChannelThatDidNotAskGetsNoDeltas() {
        IncomingMessage message = message(Map.of());

        assertThat(DeltaWriter.forMessage(message, new StreamPublisher(commands, 10_000), codec, clock))
                .isSameAs(PartialText.NONE);
    }
}
