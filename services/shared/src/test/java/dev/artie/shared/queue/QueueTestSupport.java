package dev.artie.shared.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wires the queue pieces by hand against a real Redis, as the services' factories do. */
final class QueueTestSupport implements AutoCloseable {
    final RedisClient client;
    final StatefulRedisConnection<String, String> connection;
    final RedisCommands<String, String> redis;
    final StreamPublisher publisher;
    final DeadLetters deadLetters;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final MessageCodec codec = MessageCodec.standalone();
    private final List<StreamConsumer> consumers = new ArrayList<>();

    QueueTestSupport(String url) {
        client = RedisClientOptions.standalone(url);
        connection = client.connect();
        redis = connection.sync();
        redis.flushall();
        publisher = new StreamPublisher(redis, 1000);
        deadLetters = new DeadLetters(redis, publisher);
    }

    static QueueSettings settings(Duration claimIdle) {
        return QueueSettings.defaults().with(claimIdle, 8, Duration.ofMillis(10));
    }

    StreamConsumer consumer(String stream, String name, QueueSettings settings, StreamHandler handler) {
        StreamConsumer consumer =
                new StreamConsumer(client, redis, stream, "group", name, settings, handler, deadLetters, metrics);
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    IncomingMessage incoming(String text) {
        return IncomingMessage.create("test", "person-1", "conversation-1", text, Streams.outgoing("test"), Map.of());
    }

    String publish(String stream, IncomingMessage message) {
        return publisher.publish(stream, codec.encode(message));
    }

    long pending(String stream) {
        return redis.xpending(stream, "group").getCount();
    }

    @Override
    public void close() {
        consumers.forEach(c -> c.stop(Duration.ofSeconds(2)));
        connection.close();
        client.shutdown();
    }
}
