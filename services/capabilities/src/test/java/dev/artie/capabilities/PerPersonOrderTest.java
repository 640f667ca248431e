package dev.artie.capabilities;

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
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three capabilities replicas share a burst of quick messages from a few people, with a model slow enough for
 * their work to overlap: each person is answered in the order they wrote, once per message, and every model call
 * saw that person's earlier messages in its history (docs/architecture.md, "Per-person order").
 */
class PerPersonOrderTest {
    private static final int REPLICAS = 3;
    private static final int PEOPLE = 4;
    private static final int MESSAGES_EACH = 5;
    private static final Pattern SAID = Pattern.compile("greetings (person\\d+) turn(\\d+)");

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    Path dir;

    private final FakeModelServer endpoint = new FakeModelServer();
    private final MessageCodec codec = MessageCodec.standalone();
    private final List<ApplicationContext> replicas = new ArrayList<>();
    private RedisClient client;
    private RedisCommands<String, String> commands;
    private StreamPublisher publisher;
    private String replyStream;

    @BeforeEach
    void setUp() {
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
        publisher = new StreamPublisher(commands, 10_000);
        commands.del(Streams.INCOMING);
        commands.xgroupCreate(
                XReadArgs.StreamOffset.from(Streams.INCOMING, "0"),
                Streams.CAPABILITIES_GROUP,
                XGroupCreateArgs.Builder.mkstream());
        replyStream = Streams.outgoing("order-" + UUID.randomUUID());
        // Slow enough that a person's next message arrives at another replica while the first is being answered.
        endpoint.otherwise(call -> {
            sleep(Duration.ofMillis(150));
            return answer("re: " + call.lastUserText());
        });
    }

    /** Few slots each, so that the burst spreads over every replica; a short claim idle for the dead one's message. */
    private void startReplicas() {
        startReplicas(REPLICAS, 3);
    }

    private void startReplicas(int count, int slots) {
        for (int i = 0; i < count; i++) {
            replicas.add(ApplicationContext.run(TestServices.properties(
                    redis.url(),
                    endpoint,
                    dir.resolve("r" + i),
                    "artie.queue.concurrency",
                    slots,
                    "artie.queue.claim-idle",
                    "1s")));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ApplicationContext replica : replicas) {
            replica.close();
        }
        client.shutdown();
        endpoint.close();
    }

    @Test
    void eachPersonIsAnsweredInOrderAndEachAnswerSawTheMessagesBefore() {
        startReplicas();
        Map<String, List<String>> sent = new HashMap<>();
        for (int m = 0; m < MESSAGES_EACH; m++) {
            for (int p = 0; p < PEOPLE; p++) {
                publish(sent, "person" + p, m);
            }
        }

        assertAnsweredInOrderWithHistory(sent);
        assertThat(replicas)
                .as("replicas that answered")
                .filteredOn(r -> replied(r) > 0)
                .hasSizeGreaterThan(1);
    }

    /**
     * A replica died holding a person's first message: the later ones wait (and, past the claim idle time, step
     * aside) until it is reclaimed and answered, while the other people's go on.
     */
    @Test
    void messagesAfterOneADeadReplicaHeldWaitForItsReclaim() {
        Map<String, List<String>> sent = new HashMap<>();
        publish(sent, "person0", 0);
        var held = commands.xreadgroup(
                Consumer.from(Streams.CAPABILITIES_GROUP, "dead-replica"),
                XReadArgs.StreamOffset.lastConsumed(Streams.INCOMING));
        assertThat(held).hasSize(1);
        startReplicas();
        // The dead replica's last sign of life is now: its message is reclaimed only a claim idle time later.
        commands.xclaim(
                Streams.INCOMING,
                Consumer.from(Streams.CAPABILITIES_GROUP, "dead-replica"),
                XClaimArgs.Builder.justid().minIdleTime(0),
                held.getFirst().getId());
        for (int p = 1; p < PEOPLE; p++) {
            publish(sent, "person" + p, 0);
        }
        for (int m = 1; m < MESSAGES_EACH; m++) {
            for (int p = 0; p < PEOPLE; p++) {
                publish(sent, "person" + p, m);
            }
        }

        assertAnsweredInOrderWithHistory(sent);
    }

    /**
     * The later messages of the dead replica's person fill every slot while they wait: they step aside, so that the
     * held message can be reclaimed, and come back after it.
     */
    @Test
    void waitersStepAsideWhenTheyFillEverySlotTheHeldMessageNeeds() {
        Map<String, List<String>> sent = new HashMap<>();
        publish(sent, "person0", 0);
        var held = commands.xreadgroup(
                Consumer.from(Streams.CAPABILITIES_GROUP, "dead-replica"),
                XReadArgs.StreamOffset.lastConsumed(Streams.INCOMING));
        assertThat(held).hasSize(1);
        for (int m = 1; m < MESSAGES_EACH; m++) {
            publish(sent, "person0", m);
        }
        // The dead replica lives on until the survivor's two slots hold waiting messages, then dies.
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleWithFixedDelay(
                () -> commands.xclaim(
                        Streams.INCOMING,
                        Consumer.from(Streams.CAPABILITIES_GROUP, "dead-replica"),
                        XClaimArgs.Builder.justid().minIdleTime(0),
                        held.getFirst().getId()),
                0,
                100,
                TimeUnit.MILLISECONDS);
        startReplicas(1, 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP)
                                .getCount()
                        == 3);
        heartbeat.shutdownNow();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> commands.xlen(replyStream) >= MESSAGES_EACH && pending() == 0);
        List<String> answered = commands.xrange(replyStream, Range.create("-", "+")).stream()
                .map(e -> codec.decodeReply(e.getBody().get(Streams.MESSAGE_FIELD))
                        .inReplyTo())
                .toList();
        assertThat(answered).isEqualTo(sent.get("person0"));
    }

    private void publish(Map<String, List<String>> sent, String person, int turn) {
        IncomingMessage message = IncomingMessage.create(
                "test", person, "chat", "greetings " + person + " turn" + turn, replyStream, Map.of());
        publisher.publish(Streams.INCOMING, codec.encode(message));
        sent.computeIfAbsent(person, k -> new ArrayList<>()).add(message.id());
    }

    private void assertAnsweredInOrderWithHistory(Map<String, List<String>> sent) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> commands.xlen(replyStream) >= PEOPLE * MESSAGES_EACH && pending() == 0);

        Map<String, List<String>> answered = new HashMap<>();
        for (var entry : commands.xrange(replyStream, Range.create("-", "+"))) {
            ReplyMessage reply = codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD));
            answered.computeIfAbsent(reply.personId(), k -> new ArrayList<>()).add(reply.inReplyTo());
        }
        assertThat(answered).isEqualTo(sent); // each once, in the order the person wrote

        assertThat(endpoint.calls()).hasSize(PEOPLE * MESSAGES_EACH);
        for (FakeModelServer.Call call : endpoint.calls()) {
            String asked = call.lastUserText();
            Matcher said = SAID.matcher(asked);
            assertThat(said.find())
                    .as("the call's last user message '%s'", asked)
                    .isTrue();
            String person = said.group(1);
            int turn = Integer.parseInt(said.group(2));
            List<String> before = call.messages().stream()
                    .filter(m -> "user".equals(m.get("role")))
                    .map(m -> String.valueOf(m.get("content")))
                    .toList();
            for (int earlier = 0; earlier < turn; earlier++) {
                String expected = "greetings " + person + " turn" + earlier;
                assertThat(before).as("history of the call for '%s'", asked).anyMatch(c -> c.contains(expected));
            }
        }
    }

    private static double replied(ApplicationContext replica) {
        return replica.getBean(MeterRegistry.class).find("artie.messages").tag("outcome", "replied").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private long pending() {
        return commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP).getCount();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
