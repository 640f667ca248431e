package dev.artie.cli;

import dev.artie.shared.queue.RedisClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/** A connection to Redis for one command, with the services' own client options (fail fast when Redis is away). */
public final class RedisSession implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisSession(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached */
    public static RedisSession open(String url) {
        RedisClient client = RedisClientOptions.standalone(url);
        try {
            return new RedisSession(client, client.connect());
        } catch (RuntimeException e) {
            shutdown(client);
            throw e;
        }
    }

    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    public RedisClient client() {
        return client;
    }

    @Override
    public void close() {
        connection.close();
        shutdown(client);
    }

    private static void shutdown(RedisClient client) {
        // No quiet period: a command-line run should end as soon as its work is done.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
