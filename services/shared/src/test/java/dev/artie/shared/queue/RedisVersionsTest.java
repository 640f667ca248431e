package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.LocalRedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reclaiming works on Redis 6.2 (embedded binary) and 7.x (redis-server on the PATH; CI installs it), whose
 * XAUTOCLAIM replies differ: 7.x adds a third element listing entries deleted while pending.
 */
class RedisVersionsTest {
    private static final String STREAM = "artie:test:versions";

    static Stream<Path> redisBinaries() {
        Path embedded = LocalRedisServer.embeddedBinary();
        Path fromPath = LocalRedisServer.findBinary();
        return fromPath.equals(embedded) ? Stream.of(embedded) : Stream.of(embedded, fromPath);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redisBinaries")
    void reclaimsPendingEntriesIncludingOnesTrimmedAway(Path binary) throws Exception {
        try (LocalRedisServer server = new LocalRedisServer(binary, Files.createTempDirectory("redis"), 0).start();
                QueueTestSupport queue = new QueueTestSupport(server.url())) {
            queue.redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(STREAM, "0"), "group", XGroupCreateArgs.Builder.mkstream(true));
            String deleted = queue.publish(STREAM, queue.incoming("deleted while pending"));
            String kept = queue.publish(STREAM, queue.incoming("kept"));
            queue.redis.xreadgroup(Consumer.from("group", "dead"), XReadArgs.StreamOffset.lastConsumed(STREAM));
            queue.redis.xdel(STREAM, deleted);

            List<String> handled = new CopyOnWriteArrayList<>();
            queue.consumer(
                    STREAM,
                    "alive",
                    QueueTestSupport.settings(Duration.ofMillis(200)),
                    entry -> handled.add(entry.id()));

            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(kept));
            // 7.x drops the deleted entry from the pending list itself; 6.2 hands it over with no body to acknowledge.
            await().atMost(Duration.ofSeconds(5)).until(() -> queue.pending(STREAM) == 0);
            assertThat(handled).containsExactly(kept);
        }
    }
}
