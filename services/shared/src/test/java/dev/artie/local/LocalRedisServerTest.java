package dev.artie.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.artie.shared.queue.StreamPublisher;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 12: the Redis the local stack (and every test) runs has a memory cap and refuses, never evicts. */
class LocalRedisServerTest {
    @TempDir
    Path dir;

    @Test
    void theLocalRedisHasAMemoryCapAndEvictsNothing() {
        try (LocalRedisServer server = new LocalRedisServer(dir, 0).start()) {
            RedisClient client = RedisClient.create(server.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().configGet("maxmemory")).containsEntry("maxmemory", "268435456");
                assertThat(connection.sync().configGet("maxmemory-policy"))
                        .containsEntry("maxmemory-policy", "noeviction");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aFullRedisRefusesNewMessagesAndKeepsTheQueuedOnes() {
        try (LocalRedisServer server =
                new LocalRedisServer(dir, 0).maxMemory("4mb").start()) {
            RedisClient client = RedisClient.create(server.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                StreamPublisher publisher = new StreamPublisher(connection.sync(), 1_000_000);
                String payload = "x".repeat(10_000);
                RedisCommandExecutionException refused =
                        catchThrowableOfType(RedisCommandExecutionException.class, () -> {
                            for (int i = 0; i < 2_000; i++) { // 20 MB: far past the cap
                                publisher.publish("artie:test:full", payload);
                            }
                        });
                assertThat(refused).as("a write refused once Redis is full").isNotNull();
                // Redis 7 answers OOM itself; 6.2 wraps it in the script error of the publish script.
                assertThat(refused.getMessage()).contains("OOM command not allowed");
                long queued = connection.sync().xlen("artie:test:full");
                assertThat(queued).isPositive();
                assertThat(connection.sync().xrange("artie:test:full", io.lettuce.core.Range.create("-", "+")))
                        .hasSize((int) queued)
                        .allSatisfy(e -> assertThat(e.getBody().get("message")).isEqualTo(payload));
            } finally {
                client.shutdown();
            }
        }
    }
}
