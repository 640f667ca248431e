package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.LocalRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A consumer rides out a Redis crash: it reports the outage, reconnects, and nothing acknowledged is lost. */
class RedisRestartTest {
    private static final String STREAM = "artie:test:restart";

    @Test
    void consumerReconnectsAfterRedisIsKilledAndRestarted() throws Exception {
        Path dataDir = Files.createTempDirectory("redis-restart");
        LocalRedisServer server = new LocalRedisServer(dataDir, 0).start();
        try (QueueTestSupport queue = new QueueTestSupport(server.url())) {
            List<String> handled = new CopyOnWriteArrayList<>();
            StreamConsumer consumer = queue.consumer(
                    STREAM,
                    "c1",
                    QueueTestSupport.settings(Duration.ofSeconds(5)),
                    entry -> handled.add(
                            queue.codec.decodeIncoming(entry.payload()).text()));
            queue.publish(STREAM, queue.incoming("before the crash"));
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("before the crash"));
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending(STREAM) == 0);
            Thread.sleep(1_100); // appendfsync everysec: let the acknowledgement reach the append-only file
            long clientsBefore = clients(queue);

            server.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.isConnected());
            server.start();
            await().atMost(Duration.ofSeconds(20)).until(consumer::isConnected);

            queue.publish(STREAM, queue.incoming("after the restart"));
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("after the restart"));
            // The first message was acknowledged before the crash: it is neither lost from the stream nor redone.
            assertThat(queue.redis.xlen(STREAM)).isEqualTo(2);
            assertThat(handled).containsExactly("before the crash", "after the restart");
            // The connection lost in the crash was closed, not left reconnecting beside the new one.
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> clients(queue) == clientsBefore);
        } finally {
            server.kill();
        }
    }

    private static long clients(QueueTestSupport queue) {
        return queue.redis.clientList().lines().filter(line -> !line.isBlank()).count();
    }
}
