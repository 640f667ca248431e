package dev.artie.capabilities;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.DeltaMessage;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running service end to end: messages published to the real incoming stream, replies read from the outgoing
 * stream, the model endpoint scripted.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapabilitiesServiceTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static FakeModelServer endpoint;

    @Inject
    EmbeddedServer service;

    private static RedisClient client;
    private static RedisCommands<String, String> commands;
    private static StreamPublisher publisher;
    private static final MessageCodec codec = MessageCodec.standalone();
    private String replyStream;

    @Override
    public Map<String, String> getProperties() {
        endpoint = new FakeModelServer();
        return TestServices.testProperties(redis.url(), endpoint, dir);
    }

    @BeforeAll
    static void start() {
        client = RedisClient.create(redis.url());
        commands = client.connect().sync();
        publisher = new StreamPublisher(commands, 10_000);
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdown();
        endpoint.close();
    }

    @BeforeEach
    void reset() {
        endpoint.reset();
        replyStream = Streams.outgoing("test-" + UUID.randomUUID());
    }

    private IncomingMessage message(String person, String text) {
        return IncomingMessage.create("test", person, "c-" + person, text, replyStream, Map.of());
    }

    private void send(IncomingMessage message) {
        publisher.publish(Streams.INCOMING, codec.encode(message));
    }

    private List<ReplyMessage> replies() {
        return commands.xrange(replyStream, Range.create("-", "+")).stream()
                .map(entry -> codec.decodeReply(entry.getBody().get(Streams.MESSAGE_FIELD)))
                .toList();
    }

    private ReplyMessage ask(String person, String text) {
        IncomingMessage message = message(person, text);
        int before = replies().size();
        send(message);
        await().atMost(Duration.ofSeconds(20)).until(() -> replies().size() > before);
        ReplyMessage reply = replies().getLast();
        assertThat(reply.inReplyTo()).isEqualTo(message.id());
        return reply;
    }

    private double messages(String outcome) {
        var counter = service.getApplicationContext()
                .getBean(MeterRegistry.class)
                .find("artie.messages")
                .tags("channel", "test", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private String get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + service.getPort() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    @Test
    void writesPartialRepliesToTheMessagesDeltaStreamOnlyWhenItsChannelAsks() throws Exception {
        endpoint.always(ANY, FakeModelServer.streamed("Hel", "lo"));
        IncomingMessage streaming = IncomingMessage.create(
                "test", "ann", "c-ann", "hi", replyStream, Map.of(Streams.DELTAS_METADATA, "true"));
        IncomingMessage plain = message("bob", "hi");

        send(streaming);
        send(plain);
        await().atMost(Duration.ofSeconds(20)).until(() -> replies().size() == 2);

        assertThat(replies()).extracting(ReplyMessage::text).containsOnly("Hello");
        var deltas = commands.xrange(Streams.deltas(streaming.id()), Range.create("-", "+"));
        assertThat(deltas).isNotEmpty();
        assertThat(deltas.getFirst().getBody().get(Streams.MESSAGE_FIELD))
                .isEqualTo(codec.encode(DeltaMessage.text(streaming.id(), 1, "Hel")));
        assertThat(commands.pttl(Streams.deltas(streaming.id())))
                .isPositive()
                .isLessThanOrEqualTo(StreamPublisher.DELTA_KEPT.toMillis());
        assertThat(commands.exists(Streams.deltas(plain.id()))).isZero();
    }

    @Test
    void answersAMessageWithTheModelsReplyOnItsReplyStream() throws Exception {
        endpoint.always(ANY, answer("Hello from the model"));
        IncomingMessage message = message("ann", "hi");

        try (LogCapture logs = new LogCapture()) {
            send(message);
            await().atMost(Duration.ofSeconds(20)).until(() -> !replies().isEmpty());
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(logs.events())
                            .filteredOn(
                                    event -> event.getFormattedMessage().startsWith("answered message " + message.id()))
                            .singleElement()
                            .satisfies(event -> assertThat(event.getMDCPropertyMap())
                                    .containsEntry("correlationId", message.correlationId())
                                    .containsEntry("messageId", message.id())
                                    .containsEntry("channel", "test")));
        }

        ReplyMessage reply = replies().getFirst();
        assertThat(reply.text()).isEqualTo("Hello from the model");
        assertThat(reply.offline()).isFalse();
        assertThat(reply.inReplyTo()).isEqualTo(message.id());
        assertThat(reply.correlationId()).isEqualTo(message.correlationId());
        assertThat(reply.personId()).isEqualTo("ann");
        assertThat(reply.receivedAt()).isEqualTo(message.createdAt());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("/prometheus"))
                        .contains("artie_messages_total{channel=\"test\",outcome=\"replied\"}")
                        .contains("artie_model_calls_seconds_count{model=\"model-a\",outcome=\"ok\"}")
                        .contains("artie_capability_calls_total")
                        .doesNotContain(TestServices.KEY));
        assertThat(get("/health"))
                .contains("\"status\":\"UP\"")
                .contains("\"journalMode\":\"wal\"")
                .as("no service registry, so no discovery client is made or reported")
                .doesNotContainIgnoringCase("discoveryClient");
    }

    @Test
    void aMessageNobodyWaitsForAnyMoreIsDroppedWithoutAskingTheModel() throws Exception {
        endpoint.always(ANY, answer("too late"));
        IncomingMessage expired =
                message("dan", "are you there?").expiringAt(Instant.now().minusSeconds(1));
        IncomingMessage awaited =
                message("dan", "and now?").expiringAt(Instant.now().plusSeconds(600));

        send(expired);
        send(awaited);

        await().atMost(Duration.ofSeconds(20)).until(() -> replies().size() == 1);
        assertThat(replies().getFirst().inReplyTo()).isEqualTo(awaited.id());
        assertThat(endpoint.calls())
                .as("one model call, for the awaited message")
                .hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> messages("expired") == 1.0);
        assertThat(commands.xpending(Streams.INCOMING, Streams.CAPABILITIES_GROUP)
                        .getCount())
                .as("the expired message is acknowledged, not retried")
                .isZero();
    }

    @Test
    void withoutAModelTheReplyIsOfflineAndStillCalculates() {
        endpoint.always(ANY, status(500, "down"));

        ReplyMessage reply = ask("bea", "what is 17% of 240?");

        assertThat(reply.offline()).isTrue();
        assertThat(reply.text()).contains("offline").contains("40.8");
    }

    /** Each froze a worker for minutes in BigDecimal formatting; three at once left bystanders unanswered. */
    @Test
    void hostileCalculationsAreRefusedAndOtherPeopleAreAnsweredMeanwhile() {
        endpoint.always(ANY, status(500, "down"));
        List<String> bombs = List.of(
                "what is 9^9^9?",
                "what is 9^9^9^9?",
                "what is floor(9^9^9)?",
                "what is 99^99^99?",
                "calculate 10^999 * 10^999 * 10^999",
                "what is 2^2^2^2^2^2?");
        List<IncomingMessage> hostile = new java.util.ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            bombs.forEach(bomb -> hostile.add(message("mallory", bomb)));
        }
        IncomingMessage bystander = message("bob", "what is 5 + 5?");
        hostile.forEach(this::send);
        send(bystander);

        // Generous, to fail rather than hang: a refusal takes milliseconds.
        await().atMost(Duration.ofSeconds(60)).until(() -> replies().size() == hostile.size() + 1);
        Map<String, ReplyMessage> byMessage =
                replies().stream().collect(java.util.stream.Collectors.toMap(ReplyMessage::inReplyTo, reply -> reply));
        assertThat(byMessage.get(bystander.id()).text()).contains("5 + 5 = 10");
        assertThat(hostile)
                .allSatisfy(message -> assertThat(byMessage.get(message.id()).text())
                        .contains("cannot calculate")
                        .contains("too large"));
    }

    @Test
    void remembersFoodForOnePersonAndNotAnother() {
        endpoint.always(ANY, status(500, "down"));

        ask("cat", "remember that my favourite food is ramen");

        assertThat(ask("cat", "what foods do I like?").text()).contains("ramen");
        assertThat(ask("dan", "what foods do I like?").text()).doesNotContain("ramen");
    }

    @Test
    void forgetsThePersonWhoAsksOnceTheyReplyYesAndNoOneElse() {
        endpoint.always(ANY, status(500, "down"));
        ask("hal", "remember that my favourite food is ramen");
        ask("hal", "remember that I was born in Porto");
        ask("ivy", "remember that my favourite food is ramen too");
        ask("hal", "add oat milk to my shopping list");
        ask("ivy", "add ivy's bread to my shopping list");

        assertThat(commands.exists("artie:conversations:test:hal", "artie:conversation:test:hal:c-hal"))
                .as("hal's conversation index and its entry")
                .isEqualTo(2);
        assertThat(ask("hal", "forget everything about me").text()).contains("Reply YES within 5 minutes");
        assertThat(ask("ivy", "YES").text()).as("someone else's YES").doesNotContain("forgot");
        assertThat(ask("ivy", "what foods do I like?").text()).contains("ramen too");
        String reply = ask("hal", "YES").text();

        assertThat(reply).contains("I forgot everything I remembered about you: 2 memories");
        assertThat(commands.exists("artie:history:test:hal:c-hal", "artie:history-index:test:hal"))
                .as("hal's history, the forget exchange included")
                .isZero();
        assertThat(commands.keys("artie:conversation*:test:hal*"))
                .as("hal's conversation index and entries")
                .isEmpty();
        assertThat(commands.exists("artie:conversations:test:ivy", "artie:conversation:test:ivy:c-ivy"))
                .isEqualTo(2);
        assertThat(commands.lrange("artie:history:test:ivy:c-ivy", 0, -1)).hasSize(8);
        assertThat(ask("hal", "what's on my shopping list?").text())
                .contains("list is empty")
                .doesNotContain("oat milk");
        assertThat(ask("ivy", "what's on my shopping list?").text()).contains("ivy's bread");
        assertThat(ask("hal", "what do you know about me?").text())
                .doesNotContain("ramen")
                .doesNotContain("Porto");
        assertThat(ask("ivy", "what foods do I like?").text()).contains("ramen too");
        assertThat(ask("hal", "YES").text()).as("a YES confirms once").doesNotContain("forgot");
    }

    /** Near-phrases, another answer, an expired request: none of them erases anything. */
    @Test
    void nothingIsErasedWithoutAYesToAnOpenRequestOfThatPerson() {
        endpoint.always(ANY, status(500, "down"));
        ask("kim", "remember that my favourite food is ramen");
        for (String nearly : List.of(
                "please don't ever forget me",
                "I hope you won't forget me",
                "never forget me",
                "will you forget me?",
                "don't forget everything about me")) {
            assertThat(ask("kim", nearly).text()).as(nearly).doesNotContain("Reply YES");
            assertThat(ask("kim", "yes").text()).doesNotContain("forgot");
        }

        ask("kim", "forget me");
        ask("kim", "no, wait, keep it");
        assertThat(ask("kim", "YES").text()).as("withdrawn by another answer").doesNotContain("forgot");

        ask("kim", "forget me");
        String request = "artie:forget-request:test:kim";
        assertThat(commands.ttl(request)).isBetween(1L, 300L);
        commands.pexpire(request, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.exists(request) == 0);
        assertThat(ask("kim", "YES").text()).as("too late").doesNotContain("forgot");

        assertThat(ask("kim", "what foods do I like?").text()).contains("ramen");
    }

    /** A message taken up before the person was forgotten must not bring its exchange back into their history. */
    @Test
    void aMessageInFlightWhileThePersonIsForgottenAddsNoHistory() throws Exception {
        endpoint.always(ANY, status(500, "down"));
        ask("lou", "remember that I was born in Porto");
        var context = service.getApplicationContext();
        var conversation = context.getBean(dev.artie.capabilities.conversation.Conversation.class);
        IncomingMessage inFlight = message("lou", "tell me a story about Porto");

        var answer = conversation.answer(inFlight);
        context.getBean(dev.artie.capabilities.memory.MemoryCapability.class)
                .erase(new dev.artie.capabilities.capability.CapabilityContext("test", "lou", "c-lou"));
        conversation.remember(inFlight, answer);

        assertThat(commands.exists("artie:history:test:lou:c-lou")).isZero();
        ask("lou", "hello again");
        assertThat(commands.lrange("artie:history:test:lou:c-lou", 0, -1))
                .as("later messages are kept again")
                .hasSize(2);
    }

    @Test
    void aRedeliveredMessageIsAnsweredOnceWithoutAskingTheModelAgain() {
        endpoint.always(ANY, answer("only once"));
        IncomingMessage message = message("eve", "hello");
        double duplicatesBefore = messages("duplicate");

        send(message);
        await().atMost(Duration.ofSeconds(20)).until(() -> replies().size() == 1);
        send(message);
        await().atMost(Duration.ofSeconds(20)).until(() -> messages("duplicate") > duplicatesBefore);

        assertThat(replies()).hasSize(1);
        assertThat(endpoint.calls()).hasSize(1);
        assertThat(commands.lrange("artie:history:test:eve:c-eve", 0, -1))
                .as("one exchange in the history")
                .hasSize(2);
    }

    @Test
    void copiesDeliveredAtOnceStillGiveExactlyOneReply() {
        endpoint.always(ANY, answer("one reply"));
        IncomingMessage message = message("fay", "hello");
        double duplicatesBefore = messages("duplicate");

        for (int i = 0; i < 5; i++) {
            send(message);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> messages("duplicate") >= duplicatesBefore + 4);

        assertThat(replies()).hasSize(1);
    }

    @Test
    void aMalformedEntryIsDeadLetteredAndTheNextMessageAnswered() {
        endpoint.always(ANY, answer("still here"));
        String entryId = publisher.publish(Streams.INCOMING, "this is not json");

        assertThat(ask("gus", "are you there?").text()).isEqualTo("still here");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(commands.xrange(Streams.DEAD_LETTER, Range.create("-", "+")))
                        .map(StreamMessage::getBody)
                        .anySatisfy(fields -> {
                            assertThat(fields)
                                    .containsEntry("entryId", entryId)
                                    .containsEntry(Streams.MESSAGE_FIELD, "this is not json");
                            assertThat(fields.get("reason")).contains("malformed");
                        }));
    }
}
