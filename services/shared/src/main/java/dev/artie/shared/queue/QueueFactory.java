package dev.artie.shared.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.configuration.lettuce.DefaultRedisClientFactory;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

/** Makes the queue contract's pieces available for injection in every service. */
@Factory
class QueueFactory {

    /** Replaces micronaut-redis's connection, which connects at start and so fails a service whose Redis is not up. */
    @Singleton
    @Primary
    @Bean(preDestroy = "close")
    @Replaces(factory = DefaultRedisClientFactory.class, bean = StatefulRedisConnection.class)
    StatefulRedisConnection<String, String> redisConnection(@Primary RedisClient client) {
        return LazyRedisConnection.of(client);
    }

    @Singleton
    StreamPublisher streamPublisher(StatefulRedisConnection<String, String> connection, QueueSettings settings) {
        return new StreamPublisher(connection.sync(), settings.streamMaxLength());
    }

    @Singleton
    DeadLetters deadLetters(StatefulRedisConnection<String, String> connection, StreamPublisher publisher) {
        return new DeadLetters(connection.sync(), publisher);
    }
}
