package dev.artie.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.cli.RedisSession;
import dev.artie.cli.stack.StackLayout;
import dev.artie.shared.queue.DeadLetter;
import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
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

class DlqCommandTest {
    @RegisterExtension
    static RedisExtension redisServer = new RedisExtension();

    private static final String PAYLOAD = "{\"v\":1,\"type\":\"incoming\",\"text\":\"héllo, \\\"world\\\"\"}";

    @TempDir
    Path workDir;

    private RedisSession session;
    private RedisCommands<String, String> redis;
    private DeadLetters deadLetters;

    @BeforeEach
    void connect() {
        session = RedisSession.open(redisServer.url());
        redis = session.commands();
        redis.flushall();
        deadLetters = new DeadLetters(redis, new StreamPublisher(redis, 10_000));
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void listShowsTheNewestFirstWithReasons() {
        deadLetters.send(Streams.INCOMING, "1-1", "failed after 3 attempts: model down", 3, PAYLOAD);
        deadLetters.send(Streams.outgoing("discord"), "2-1", "malformed: not JSON", 1, "garbage");

        Run run = dlq("list");

        assertThat(run.exitCode).isZero();
        List<String> rows =
                run.output.lines().filter(l -> l.matches("^\\d+-\\d+ .*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("artie:outgoing:discord", "malformed: not JSON");
        assertThat(rows.get(1)).contains("artie:incoming", "3", "model down");
        assertThat(dlq("list", "--count", "1").output).contains("1 of 2 shown");
    }

    @Test
    void showPrintsEveryFieldAndTheOriginalMessage() {
        String id = deadLetters.send(Streams.INCOMING, "1-1", "failed after 3 attempts", 3, PAYLOAD);

        Run run = dlq("show", id);

        assertThat(run.exitCode).isZero();
        assertThat(run.output).contains("stream:    artie:incoming", "entry id:  1-1", "attempts:  3", PAYLOAD);
        assertThat(dlq("show", "1-0").exitCode).isEqualTo(1);
    }

    @Test
    void replayPutsTheMessageBackOnItsStreamByteForByteAndRemovesTheDeadLetter() {
        String id = deadLetters.send(Streams.INCOMING, "1-1", "failed after 3 attempts", 3, PAYLOAD);

        Run run = dlq("replay", id);

        assertThat(run.exitCode).isZero();
        assertThat(run.output).contains("replayed " + id + " onto artie:incoming");
        List<StreamMessage<String, String>> incoming = redis.xrange(Streams.INCOMING, Range.create("-", "+"));
        assertThat(incoming)
                .singleElement()
                .satisfies(
                        m -> assertThat(m.getBody()).containsExactlyEntriesOf(Map.of(Streams.MESSAGE_FIELD, PAYLOAD)));
        assertThat(deadLetters.count()).isZero();
        assertThat(dlq("replay", id).exitCode).isEqualTo(1);
    }

    @Test
    void deleteRemovesOneDeadLetterForGood() {
        String kept = deadLetters.send(Streams.INCOMING, "1-1", "first", 3, "{\"n\":1}");
        String deleted = deadLetters.send(Streams.INCOMING, "1-2", "second", 3, "{\"n\":2}");

        Run run = dlq("delete", deleted);

        assertThat(run.exitCode).isZero();
        assertThat(run.output).contains("deleted " + deleted);
        assertThat(deadLetters.list(10)).extracting(DeadLetter::id).containsExactly(kept);
        assertThat(dlq("delete", deleted).exitCode).isEqualTo(1);
    }

    @Test
    void replayAllReplaysEveryDeadLetterOldestFirst() {
        deadLetters.send(Streams.INCOMING, "1-1", "first", 3, "{\"n\":1}");
        deadLetters.send(Streams.INCOMING, "1-2", "second", 3, "{\"n\":2}");
        deadLetters.send(Streams.outgoing("sms"), "1-3", "third", 3, "{\"n\":3}");

        Run run = dlq("replay", "--all");

        assertThat(run.exitCode).isZero();
        assertThat(run.output).contains("replayed 3 of 3");
        assertThat(redis.xrange(Streams.INCOMING, Range.create("-", "+")))
                .extracting(m -> m.getBody().get(Streams.MESSAGE_FIELD))
                .containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(redis.xlen(Streams.outgoing("sms"))).isEqualTo(1);
        assertThat(deadLetters.count()).isZero();
    }

    private Run dlq(String... words) {
        List<String> all = new ArrayList<>(List.of(words));
        all.addAll(List.of("--redis-url", redisServer.url()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = CommandLine.populateCommand(
                        new DlqCommand(new StackLayout(workDir), Map.of()), all.toArray(String[]::new))
                .run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {}
}
