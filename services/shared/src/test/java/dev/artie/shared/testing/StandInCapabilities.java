package dev.artie.shared.testing;

import dev.artie.shared.conversation.ConversationStore;
import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.QueueSettings;
import dev.artie.shared.queue.StreamConsumer;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.serde.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Stands in for the capabilities service in a channel's tests: consumes {@code artie:incoming} through the real
 * queue contract and publishes the answer {@code answer} gives (none when it returns null) to the message's
 * {@code replyTo} stream, exactly once. Remembers every message it received; {@link #keepingConversations} also keeps
 * each exchange in the {@link ConversationStore}, as the capabilities service does.
 */
public class StandInCapabilities implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StreamConsumer consumer;
    private final List<IncomingMessage> received = new CopyOnWriteArrayList<>();

    public StandInCapabilities(String redisUrl, Function<IncomingMessage, String> answer) {
        this(redisUrl, answer, false);
    }

    /** One that also adds each exchange to the person's conversation (20 turns, 100 conversations kept). */
    public static StandInCapabilities keepingConversations(String redisUrl, Function<IncomingMessage, String> answer) {
        return new StandInCapabilities(redisUrl, answer, true);
    }

    private StandInCapabilities(String redisUrl, Function<IncomingMessage, String> answer, boolean conversations) {
        client = RedisClient.create(redisUrl);
        connection = client.connect();
        MessageCodec codec = MessageCodec.standalone();
        StreamPublisher publisher = new StreamPublisher(connection.sync(), 10_000);
        ConversationStore store = new ConversationStore(connection, ObjectMapper.getDefault());
        consumer = new StreamConsumer(
                client,
                connection.sync(),
                Streams.INCOMING,
                Streams.CAPABILITIES_GROUP,
                "stand-in",
                QueueSettings.defaults(),
                entry -> {
                    IncomingMessage message = codec.decodeIncoming(entry.payload());
                    received.add(message);
                    String text = answer.apply(message);
                    if (text != null) {
                        if (conversations) {
                            store.append(
                                    message.channel(),
                                    message.personId(),
                                    message.conversationId(),
                                    store.epoch(message.channel(), message.personId()),
                                    message.text(),
                                    text,
                                    20,
                                    100,
                                    Instant.now());
                        }
                        publisher.publishReplyOnce(
                                message.replyTo(), message.id(), codec.encode(message.reply(text, false)));
                    }
                },
                new DeadLetters(connection.sync(), publisher),
                new SimpleMeterRegistry());
        consumer.start();
    }

    /** Every message received so far, in arrival order. */
    public List<IncomingMessage> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        consumer.stop(Duration.ofSeconds(2));
        connection.close();
        client.shutdown();
    }
}
