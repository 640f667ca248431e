package dev.artie.systemtests;

import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.PostgresExtension;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Done when": with memories on PostgreSQL, three capabilities replicas (processes, as pods are) answer
 * every message of a burst while one of them is killed with SIGKILL in the middle of its work, so it hands nothing
 * back: each message is answered once, each person in the order they wrote, every model call sees the person's
 * earlier messages, and what a person asked to be remembered on one replica is recalled on another.
 */
class KilledCapabilitiesReplicaTest {
    private static final int PEOPLE = 6;
    private static final int GREETINGS = 6;
    /** Per person: remember a code word, the greetings, ask for the code word. */
    private static final int MESSAGES_EACH = GREETINGS + 2;

    private static final Pattern GREETING = Pattern.compile("greetings (person\\d+) turn(\\d+)");
    private static final MessageCodec CODEC = MessageCodec.standalone();

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path dir;

    private final FakeModelServer model = new FakeModelServer();
    private final List<CapabilitiesReplica> replicas = new ArrayList<>();
    private RedisClient client;
    private RedisCommands<String, String> commands;
    private final String replyStream = Streams.outgoing("killed-" + UUID.randomUUID());

    @BeforeEach
    void setUp() {
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
        // Slow enough that every replica holds several messages when one is killed. The answer repeats what the
        // capabilities fed back, so a recalled memory shows in the reply.
        model.otherwise(call -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String toolResults = call.messages().stream()
                    .filter(m -> "tool".equals(m.get("role")))
                    .map(m -> String.valueOf(m.get("content")))
                    .collect(Collectors.joining("; "));
            return answer("re: " + call.lastUserText() + (toolResults.isEmpty() ? "" : " | " + toolResults));
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        for (CapabilitiesReplica replica : replicas) {
            replica.process().destroy();
        }
        for (CapabilitiesReplica replica : replicas) {
            replica.process().waitFor();
        }
        client.shutdown();
        model.close();
    }

    @Test
    void aBurstIsAnsweredOnceInOrderPerPersonWhileOneOfThreeReplicasIsKilled() throws Exception {
        String database = postgres.newDatabase();
        for (String name : List.of("a", "b", "c")) {
            replicas.add(CapabilitiesReplica.start(
                    dir,
                    name,
                    Map.of(
                            "REDIS_URL",
                            redis.url(),
                            "ARTIE_INSTANCE_ID",
                            "replica-" + name,
                            "ARTIE_MEMORY_STORE",
                            "postgres",
                            "ARTIE_MEMORY_POSTGRES_URL",
                            database,
                            "ARTIE_MODEL_BASE_URL",
                            model.baseUrl(),
                            "ARTIE_MODEL_API_KEY",
                            TestServices.KEY,
                            "ARTIE_MODEL_MODELS",
                            "model-a",
                            // The killed replica's messages are reclaimed after this; 15 s by default.
                            "ARTIE_QUEUE_CLAIM_IDLE",
                            "3s",
                            "ARTIE_RATE_LIMIT_ENABLED",
                            "false")));
        }
        Map<String, String> codeWords = new HashMap<>();
        Map<String, List<String>> sent = new LinkedHashMap<>();
        StreamPublisher publisher = new StreamPublisher(commands, 100_000);
        for (int turn = 0; turn < MESSAGES_EACH; turn++) {
            for (int p = 0; p < PEOPLE; p++) {
                String person = "person" + p;
                String text;
                if (turn == 0) {
                    codeWords.put(person, "word" + UUID.randomUUID().toString().substring(0, 8));
                    text = "remember that my code word is " + codeWords.get(person);
                } else if (turn <= GREETINGS) {
                    text = "greetings " + person + " turn" + turn;
                } else {
                    text = "what is my code word?";
                }
                IncomingMessage message = IncomingMessage.create("test", person, "chat", text, replyStream, Map.of());
                publisher.publish(Streams.INCOMING, CODEC.encode(message));
                sent.computeIfAbsent(person, k -> new ArrayList<>()).add(message.id());
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> commands.xlen(replyStream) >= PEOPLE * 2);
        CapabilitiesReplica killed = replicas.getFirst();
        long heldWhenKilled = commands.xpending(
                        Streams.INCOMING,
                        Consumer.from(Streams.CAPABILITIES_GROUP, "replica-a"),
                        Range.create("-", "+"),
                        Limit.from(1000))
                .size();
        killed.process().destroyForcibly(); // SIGKILL: no stop, nothing handed back
        killed.process().waitFor();
        long answeredWhenKilled = commands.xlen(replyStream);

        await().atMost(Duration.ofSeconds(120))
                .until(() -> commands.xlen(replyStream) >= PEOPLE * MESSAGES_EACH
                        && commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP)
                                        .getCount()
                                == 0);

        Map<String, List<String>> answered = new LinkedHashMap<>();
        Map<String, String> replyTexts = new HashMap<>();
        for (var entry : commands.xrange(replyStream, Range.create("-", "+"))) {
            ReplyMessage reply = CODEC.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD));
            answered.computeIfAbsent(reply.personId(), k -> new ArrayList<>()).add(reply.inReplyTo());
            replyTexts.put(reply.inReplyTo(), reply.text());
        }
        assertThat(heldWhenKilled).as("messages the killed replica held").isPositive();
        assertThat(answered)
                .as("each message once, in the order its person wrote")
                .isEqualTo(sent);
        for (String person : sent.keySet()) {
            assertThat(replyTexts.get(sent.get(person).getLast()))
                    .as("%s's code word, recalled", person)
                    .contains(codeWords.get(person));
        }
        for (FakeModelServer.Call call : model.calls()) {
            Matcher greeting = GREETING.matcher(call.lastUserText());
            if (!greeting.find()) {
                continue;
            }
            List<String> history = call.messages().stream()
                    .filter(m -> "user".equals(m.get("role")))
                    .map(m -> String.valueOf(m.get("content")))
                    .toList();
            assertThat(history)
                    .as("what the model saw when asked '%s'", greeting.group())
                    .contains("remember that my code word is " + codeWords.get(greeting.group(1)));
            for (int earlier = 1; earlier < Integer.parseInt(greeting.group(2)); earlier++) {
                assertThat(history).contains("greetings " + greeting.group(1) + " turn" + earlier);
            }
        }
        System.out.printf(
                "[system-tests figure] 3 capabilities replicas on PostgreSQL, %d messages from %d people: "
                        + "replica-a killed holding %d after %d replies; %d model calls; every message answered once, "
                        + "in order per person%n",
                PEOPLE * MESSAGES_EACH,
                PEOPLE,
                heldWhenKilled,
                answeredWhenKilled,
                model.calls().size());
    }
}
