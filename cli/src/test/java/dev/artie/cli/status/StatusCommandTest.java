package dev.artie.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.cli.FakeHealthServer;
import dev.artie.cli.RedisSession;
import dev.artie.cli.stack.StackLayout;
import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatusCommandTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    @TempDir
    Path workDir;

    private RedisSession session;
    private RedisCommands<String, String> redis;
    private final FakeHealthServer capabilities = new FakeHealthServer(true);
    private final FakeHealthServer httpChat = new FakeHealthServer(true);

    @BeforeEach
    void connect() {
        session = RedisSession.open(redisServer.url());
        redis = session.commands();
        redis.flushall();
    }

    @AfterEach
    void close() {
        redis.configSet("requirepass", "");
        session.close();
        capabilities.close();
        httpChat.close();
    }

    @Test
    void allOnlineWithStreamsPendingEntriesAndDeadLetters() {
        StreamPublisher publisher = new StreamPublisher(redis, 10_000);
        redis.xgroupCreate(
                XReadArgs.StreamOffset.from(Streams.INCOMING, "0"),
                Streams.CAPABILITIES_GROUP,
                XGroupCreateArgs.Builder.mkstream(true));
        publisher.publish(Streams.INCOMING, "{\"first\":true}");
        publisher.publish(Streams.INCOMING, "{\"second\":true}");
        // One entry delivered to a consumer and never acknowledged: it is pending.
        redis.xreadgroup(
                Consumer.from(Streams.CAPABILITIES_GROUP, "worker-1"),
                XReadArgs.Builder.count(1),
                XReadArgs.StreamOffset.lastConsumed(Streams.INCOMING));
        publisher.publish(Streams.outgoing("http", "instance-7"), "{\"reply\":true}");
        new DeadLetters(redis, publisher).send(Streams.INCOMING, "1-1", "malformed: not JSON", 1, "garbage");

        Run run = status();

        assertThat(run.exitCode).isZero();
        assertThat(run.line("redis")).contains("ONLINE", "append-only file on");
        assertThat(run.line("capabilities")).contains("ONLINE", "redis UP (state=reachable)");
        assertThat(run.line("http-chat")).contains("ONLINE");
        assertThat(run.line(Streams.INCOMING + " "))
                .containsPattern("artie:incoming\\s+2\\s+capabilities\\s+1\\s+1\\s+\\d+ ms");
        assertThat(run.line("artie:outgoing:http:instance-7")).containsPattern("\\s1\\s+-");
        assertThat(run.line(Streams.DEAD_LETTER)).containsPattern("artie:dead-letter\\s+1\\s");
        assertThat(run.output).contains("dead letters: 1").contains("malformed: not JSON");
    }

    @Test
    void aServiceWhoseHealthIsDownIsDegradedAndOneNotAnsweringIsOffline() {
        capabilities.setUp(false);
        httpChat.close();

        Run run = status();

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.line("capabilities")).contains("DEGRADED", "redis DOWN (state=unreachable)");
        assertThat(run.line("http-chat")).contains("OFFLINE", "connection refused");
        assertThat(run.line("redis")).contains("ONLINE");
    }

    @Test
    void theRedisPasswordIsNeverPrinted() {
        redis.configSet("requirepass", "hunter2-secret");
        Run online = status("--redis-url", "redis://:hunter2-secret@127.0.0.1:" + redisServer.port());
        Run refused = status("--redis-url", "redis://:hunter2-secret@127.0.0.1:1");
        session.close();
        session = RedisSession.open("redis://:hunter2-secret@127.0.0.1:" + redisServer.port());
        redis = session.commands();

        assertThat(online.line("redis")).contains("ONLINE", "redis://***@127.0.0.1:");
        assertThat(refused.line("redis")).contains("OFFLINE", "redis://***@127.0.0.1:1");
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(online.output + refused.output).doesNotContain("hunter2");
    }

    private Run status(String... redisUrl) {
        List<String> words =
                new ArrayList<>(redisUrl.length > 0 ? List.of(redisUrl) : List.of("--redis-url", redisServer.url()));
        words.addAll(List.of("--url", "capabilities=" + capabilities.url(), "--url", "http-chat=" + httpChat.url()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = CommandLine.populateCommand(
                        new StatusCommand(new StackLayout(workDir), Map.of()), words.toArray(String[]::new))
                .run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {
        String line(String start) {
            return output.lines()
                    .filter(l -> l.startsWith(start))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in:\n" + output));
        }
    }
}
