package dev.artie.shared.queue;

import io.micronaut.context.annotation.Factory;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;

/** Makes the queue contract's pieces available for injection in every service. */
@Factory
class QueueFactory {

    @Singleton
    StreamPublisher streamPublisher(StatefulRedisConnection<String, String> connection, QueueSettings settings) {
        return new StreamPublisher(connection.sync(), settings.streamMaxLength());
    }

    @Singleton
    DeadLetters deadLetters(StatefulRedisConnection<String, String> connection, StreamPublisher publisher) {
        return new DeadLetters(connection.sync(), publisher);
    }
}
