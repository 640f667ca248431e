package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.shared.testing.TlsRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} with a password and a private CA, as Cloud Run reaches a managed Redis: against a real
 * redis-server listening only on TLS, with a CA and server certificate made by openssl for this test.
 */
class RedisTlsTest {
    private static TlsRedisServer redis;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        redis = TlsRedisServer.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void connectsOverTlsWithPasswordTrustingTheGivenCa() {
        RedisClient client = RedisClient.create(redis.url());
        client.setOptions(RedisClientOptions.options(redis.caCertificate().toString()));
        try (var connection = client.connect()) {
            StreamPublisher publisher = new StreamPublisher(connection.sync(), 100);
            publisher.publish(Streams.INCOMING, "{}");
            assertThat(connection.sync().xlen(Streams.INCOMING)).isEqualTo(1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void refusesAServerItCannotVerify() {
        RedisClient client = RedisClient.create(redis.url());
        client.setOptions(RedisClientOptions.options(""));
        try {
            assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void namesAnUnreadableCaFileClearly() {
        assertThatThrownBy(() -> RedisClientOptions.options("/nonexistent/ca.pem"))
                .hasMessageContaining("ARTIE_REDIS_CA_CERT")
                .hasMessageContaining("/nonexistent/ca.pem");
    }
}
