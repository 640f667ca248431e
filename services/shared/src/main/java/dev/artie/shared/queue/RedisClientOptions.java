package dev.artie.shared.queue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.io.File;
import java.time.Duration;

/**
 * How every Artie process talks to Redis. Commands fail fast while Redis is away instead of queueing without
 * bound (readiness turns DOWN at once, a waiting chat gets an error, Lettuce reconnects in the background), and
 * {@code rediss://} URLs trust the CA in {@code ARTIE_REDIS_CA_CERT} when one is given (managed Redis such as
 * Memorystore signs its certificate with its own CA), else the JVM's trusted CAs.
 */
@Singleton
public class RedisClientOptions implements BeanCreatedEventListener<RedisClient> {
    private final String caCertificate;

    public RedisClientOptions(@Value("${artie.redis.ca-cert:}") String caCertificate) {
        this.caCertificate = caCertificate;
    }

    @Override
    public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
        event.getBean().setOptions(options(caCertificate));
        return event.getBean();
    }

    /** A client for code that runs without an application context (the command line, benchmarks). */
    public static RedisClient standalone(String url) {
        RedisClient client = RedisClient.create(url);
        client.setOptions(options(System.getenv("ARTIE_REDIS_CA_CERT")));
        return client;
    }

    static ClientOptions options(String caCertificate) {
        ClientOptions.Builder builder = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(3))
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)));
        if (caCertificate != null && !caCertificate.isBlank()) {
            File pem = new File(caCertificate);
            if (!pem.canRead()) {
                throw new IllegalStateException(
                        "ARTIE_REDIS_CA_CERT names " + caCertificate + ", which cannot be read");
            }
            builder.sslOptions(
                    SslOptions.builder().jdkSslProvider().trustManager(pem).build());
        }
        return builder.build();
    }
}
