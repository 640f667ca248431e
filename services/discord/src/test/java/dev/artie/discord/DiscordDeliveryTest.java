package dev.artie.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Discord service as it runs, with a real Redis and JDA's REST calls going to {@link FakeDiscord}: a reply put on
 * {@code artie:outgoing:discord} reaches Discord as ordered messages, the first answering the person's message.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordDeliveryTest implements TestPropertyProvider {
    static final String DM_CHANNEL = "800";
    private static final String PERSON = "42";
    private static final String TOKEN = "test-bot-token";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static FakeDiscord discord;

    @Inject
    EmbeddedServer service;

    @Override
    public Map<String, String> getProperties() {
        // The fake runs before the service starts: its address is one of the settings.
        try {
            discord = new FakeDiscord();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return discord.serviceSettings(
                redis.url(), TOKEN, discord.gatewayUrl(), "artie.queue.retry-base-delay", "50ms");
    }

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static StreamPublisher publisher;
    private static final MessageCodec codec = MessageCodec.standalone();
    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        publisher = new StreamPublisher(connection.sync(), 10_000);
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
        discord.close();
    }

    @BeforeEach
    void succeed() {
        discord.failWhen(r -> false);
    }

    /** A reply to a direct message the person sent as message {@code messageId}, as capabilities would publish it. */
    private static ReplyMessage reply(String messageId, String text) {
        IncomingMessage incoming = IncomingMessage.create(
                "discord",
                PERSON,
                DM_CHANNEL,
                "tell me a lot",
                Streams.outgoing("discord"),
                Map.of("channelId", DM_CHANNEL, "messageId", messageId));
        return incoming.reply(text, false);
    }

    private static void publish(ReplyMessage reply) {
        publisher.publish(Streams.outgoing("discord"), codec.encode(reply));
    }

    private static List<JsonNode> postedMessages() {
        return discord.posts("/channels/" + DM_CHANNEL + "/messages").stream()
                .map(r -> {
                    try {
                        return json.readTree(r.body());
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + r.body(), e);
                    }
                })
                .toList();
    }

    @Test
    void aReplyOf4500CharactersReachesDiscordAsThreeOrderedMessages() {
        String text = DiscordPartsTest.sentences(1, 36) + "\n\n" + DiscordPartsTest.CODE + "\n"
                + DiscordPartsTest.sentences(37, 40);
        int before = postedMessages().size();

        publish(reply("9002", text));

        await().atMost(Duration.ofSeconds(20)).until(() -> postedMessages().size() >= before + 3);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> postedMessages().size() == before + 3);
        List<JsonNode> posted = postedMessages().subList(before, before + 3);
        List<String> expected = DiscordReplies.PARTS.split(text);
        assertThat(posted).extracting(m -> m.get("content").asText()).containsExactlyElementsOf(expected);
        assertThat(expected)
                .hasSize(3)
                .allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(2000));
        assertThat(expected.get(0)).startsWith("Sentence 001");
        assertThat(expected.get(2)).endsWith("Sentence 076 says a little more about the weather today.");

        // The first part answers the person's message; none of them may ping anyone but the person answered.
        assertThat(posted.get(0).at("/message_reference/message_id").asText()).isEqualTo("9002");
        assertThat(posted.get(1).has("message_reference")).isFalse();
        assertThat(posted.get(2).has("message_reference")).isFalse();
        assertThat(posted)
                .allSatisfy(
                        m -> assertThat(m.at("/allowed_mentions/parse").size()).isZero());
        assertThat(discord.posts("/channels/" + DM_CHANNEL + "/messages"))
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bot " + TOKEN));
    }

    /** Issue 13 item 14: a refusal (an unknown channel) is dead-lettered at once with Discord's reason. */
    @Test
    void aReplyDiscordRefusesIsDeadLetteredAtOnceWithTheReason() {
        DeadLetters deadLetters = new DeadLetters(connection.sync(), publisher);
        long lettersBefore = deadLetters.count();
        AtomicInteger refusals = new AtomicInteger();
        discord.failWhen(
                r -> r.body().contains("nobody reads this") && refusals.incrementAndGet() > 0,
                404,
                "{\"code\":10003,\"message\":\"Unknown Channel\"}");
        try {
            publish(reply("9004", "nobody reads this channel"));

            await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.count() == lettersBefore + 1);
            assertThat(deadLetters.list(1).getFirst().reason())
                    .startsWith("refused: Discord refused the reply")
                    .contains("10003");
            assertThat(refusals.get()).isEqualTo(1);
        } finally {
            discord.failWhen(r -> false);
        }
    }

    @Test
    void aPartDiscordFailsIsRetriedWithoutPostingTheEarlierPartsAgain() {
        String text = DiscordPartsTest.sentences(1, 80);
        List<String> expected = DiscordReplies.PARTS.split(text);
        assertThat(expected).hasSize(3);
        AtomicBoolean refusedOnce = new AtomicBoolean();
        discord.failWhen(
                r -> r.body().contains(expected.get(1).substring(0, 40)) && refusedOnce.compareAndSet(false, true));
        int before = postedMessages().size();

        publish(reply("9003", text));

        // Part 2 is sent twice (failed, then accepted); parts 1 and 3 once each.
        await().atMost(Duration.ofSeconds(20)).until(() -> postedMessages().size() >= before + 4);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> postedMessages().size() == before + 4);
        assertThat(postedMessages().subList(before, before + 4))
                .extracting(m -> m.get("content").asText())
                .containsExactly(expected.get(0), expected.get(1), expected.get(1), expected.get(2));
        assertThat(refusedOnce).isTrue();
    }

    /**
     * A reply previewed by another instance (or by this one before a restart) completes that preview, found by the id
     * kept in Redis; a preview someone deleted meanwhile (Discord: Unknown Message) gives way to a new post.
     */
    @Test
    void aReplyCompletesThePreviewAnotherInstancePostedOrPostsAnewWhereItWasDeleted() {
        ReplyMessage previewed = reply("9005", "The whole answer.");
        connection.sync().set("artie:discord:preview:" + previewed.inReplyTo(), "7001");
        ReplyMessage deleted = reply("9006", "Another whole answer.");
        connection.sync().set("artie:discord:preview:" + deleted.inReplyTo(), "7002");
        discord.failWhen(
                r -> r.method().equals("PATCH") && r.path().endsWith("/7002"),
                404,
                "{\"code\":10008,\"message\":\"Unknown Message\"}");
        int before = postedMessages().size();

        publish(previewed);
        publish(deleted);

        await().atMost(Duration.ofSeconds(20)).until(() -> postedMessages().size() == before + 1);
        assertThat(discord.edits(DM_CHANNEL, "7001"))
                .singleElement()
                .satisfies(edit -> assertThat(edit.body()).contains("\"content\":\"The whole answer.\""));
        JsonNode posted = postedMessages().get(before);
        assertThat(posted.get("content").asText()).isEqualTo("Another whole answer.");
        assertThat(posted.at("/message_reference/message_id").asText()).isEqualTo("9006");
        assertThat(discord.edits(DM_CHANNEL, "7002")).hasSize(1);
    }

    @Test
    void readinessShowsTheGatewayAndTheReconnectCounterIsExported() throws Exception {
        // The fake has no gateway: REST works, but the bot is not connected, so it must not claim to be ready.
        HttpResponse<String> readiness = get("/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"gateway\":\"disconnected\"").doesNotContain(TOKEN);
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);

        service.getApplicationContext().getBean(GatewayEvents.class).reconnected("in a test");
        assertThat(get("/prometheus").body()).contains("artie_channel_reconnects_total{channel=\"discord\"} 1.0");
    }

    @Test
    void theTokenNeverAppearsInTheSettingsDescription() {
        assertThat(service.getApplicationContext()
                        .getBean(DiscordSettings.class)
                        .toString())
                .doesNotContain(TOKEN)
                .contains("****");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(service.getURL() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
