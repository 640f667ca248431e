package dev.artie.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.artie.cli.RedisSession;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamInspectorTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    /**
     * The status table printed by {@code ./artie up} right after "ready" raced the first chats: a group's pending
     * count and its oldest pending id came from two commands, so an entry acknowledged in between left no oldest id
     * and the NullPointerException stopped the whole stack in the middle of a burst of chats.
     */
    @Test
    void inspectingWhileEntriesAreReadAndAcknowledgedNeverFails() throws Exception {
        try (RedisSession inspecting = RedisSession.open(redisServer.url());
                RedisSession consuming = RedisSession.open(redisServer.url())) {
            RedisCommands<String, String> consumer = consuming.commands();
            consumer.flushall();
            consumer.xgroupCreate(
                    XReadArgs.StreamOffset.from(Streams.INCOMING, "0"),
                    "capabilities",
                    XGroupCreateArgs.Builder.mkstream());
            AtomicBoolean stop = new AtomicBoolean();
            Thread busy = Thread.ofPlatform().start(() -> {
                while (!stop.get()) { // one entry in flight at a time: pending flips between 1 and 0
                    consumer.xadd(Streams.INCOMING, Map.of("payload", "{}"));
                    List<StreamMessage<String, String>> read = consumer.xreadgroup(
                            Consumer.from("capabilities", "c1"), XReadArgs.StreamOffset.lastConsumed(Streams.INCOMING));
                    read.forEach(m -> consumer.xack(Streams.INCOMING, "capabilities", m.getId()));
                }
            });
            try {
                StreamInspector inspector = new StreamInspector(inspecting.commands());
                assertThatCode(() -> {
                            for (int i = 0; i < 3_000; i++) {
                                List<StreamStatus> streams = inspector.inspect();
                                assertThat(streams)
                                        .extracting(StreamStatus::name)
                                        .contains(Streams.INCOMING);
                            }
                        })
                        .doesNotThrowAnyException();
            } finally {
                stop.set(true);
                busy.join();
            }
        }
    }
}
