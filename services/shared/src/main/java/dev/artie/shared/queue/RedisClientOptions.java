package dev.artie.shared.queue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Fails commands fast while Redis is away instead of queueing them without bound: readiness turns DOWN at once,
 * a waiting chat request gets an error, and Lettuce reconnects in the background.
 */
@Singleton
public class RedisClientOptions implements BeanCreatedEventListener<RedisClient> {
    static final ClientOptions OPTIONS = ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(3)).keepAlive(true).build())
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
            .build();

    @Override
    public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
        event.getBean().setOptions(OPTIONS);
        return event.getBean();
    }

    /** The same options for code that runs without an application context (the command line). */
    public static RedisClient standalone(String url) {
        RedisClient client = RedisClient.create(url);
        client.setOptions(OPTIONS);
        return client;
    }
}
