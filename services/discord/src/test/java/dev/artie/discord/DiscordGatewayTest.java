package dev.artie.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.artie.shared.queue.DeltaMessage;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.Range;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service connected to {@link FakeGatewayServer}, a fake Discord gateway: what a person writes is queued with
 * typing shown, other bots are ignored, and a dropped connection is resumed, counted and reported by readiness.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordGatewayTest implements TestPropertyProvider {
    private static final String PERSON = "42";
    private static final String CHANNEL = "810";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final String TOKEN = "test-bot-token-Zq81";
    private static LogCapture logs;
    private static FakeDiscord discord;
    private static FakeGatewayServer gateway;

    @Inject
    EmbeddedServer service;

    @Override
    public Map<String, String> getProperties() {
        // The fakes run before the service starts: their addresses are settings.
        logs = new LogCapture(); // from before the login on, JDA's own logging included
        try {
            discord = new FakeDiscord();
            gateway = new FakeGatewayServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return discord.serviceSettings(
                redis.url(),
                TOKEN,
                gateway.url(),
                // 20 messages per person an hour (one back every 3 minutes), so no test depends on how fast it runs.
                "artie.rate-limit.person-period",
                "1h",
                "artie.input.max-message-length",
                "1000");
    }

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static final MessageCodec codec = MessageCodec.standalone();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static int messageIds = 9100;

    @BeforeAll
    void start() throws Exception {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> get("/health/readiness").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        client.shutdown();
        gateway.close();
        discord.close();
        logs.close();
    }

    /** A direct message (no guild) as Discord's MESSAGE_CREATE carries it. */
    private static String directMessage(String authorId, boolean bot, String content, boolean mentionsArtie) {
        return directMessage(CHANNEL, authorId, bot, content, mentionsArtie);
    }

    private static String directMessage(
            String channel, String authorId, boolean bot, String content, boolean mentionsArtie) {
        String author = """
                {"id":"%s","username":"u%s","discriminator":"0000","global_name":null,"avatar":null,"bot":%s}""".formatted(authorId, authorId, bot);
        String self = """
                {"id":"%s","username":"artie","discriminator":"0000","global_name":null,"avatar":null,"bot":true}""".formatted(FakeDiscord.SELF_ID);
        return """
                {"id":"%d","channel_id":"%s","author":%s,"content":"%s","timestamp":"2026-11-23T10:00:00.000000+00:00",
                 "edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[%s],"mention_roles":[],
                 "attachments":[],"embeds":[],"components":[],"pinned":false,"type":0,"flags":0}
                """.formatted(++messageIds, channel, author, content, mentionsArtie ? self : "");
    }

    /** A message in the fake server's channel, as MESSAGE_CREATE carries it there (with the author's member). */
    private static String guildMessage(String content, boolean mentionsArtie) {
        return guildMessage(FakeGatewayServer.GUILD_CHANNEL, content, mentionsArtie);
    }

    private static String guildMessage(String channel, String content, boolean mentionsArtie) {
        String self = """
                {"id":"%s","username":"artie","discriminator":"0000","global_name":null,"avatar":null,"bot":true}""".formatted(FakeDiscord.SELF_ID);
        return """
                {"id":"%d","channel_id":"%s","guild_id":"%s","author":{"id":"%s","username":"ann",
                 "discriminator":"0000","global_name":null,"avatar":null},
                 "member":{"roles":[],"joined_at":"2026-11-01T00:00:00.000000+00:00","deaf":false,"mute":false,"flags":0,"pending":false,"nick":null,
                   "premium_since":null,"communication_disabled_until":null},
                 "content":"%s","timestamp":"2026-11-23T10:00:00.000000+00:00","edited_timestamp":null,"tts":false,
                 "mention_everyone":false,"mentions":[%s],"mention_roles":[],"attachments":[],"embeds":[],
                 "components":[],"pinned":false,"type":0,"flags":0}
                """.formatted(
                        ++messageIds, channel, FakeGatewayServer.GUILD, PERSON, content, mentionsArtie ? self : "");
    }

    private static List<IncomingMessage> queued() {
        return connection.sync().xrange(Streams.INCOMING, Range.create("-", "+")).stream()
                .map(entry -> codec.decodeIncoming(entry.getBody().get(Streams.MESSAGE_FIELD)))
                .toList();
    }

    private static Optional<IncomingMessage> queuedWithText(String text) {
        return queued().stream().filter(m -> m.text().equals(text)).findFirst();
    }

    @Test
    void aDirectMessageIsQueuedWithoutTheMentionAndTypingShowsUntilTheReplyIsPosted() throws Exception {
        gateway.dispatch("MESSAGE_CREATE", directMessage(PERSON, false, "<@1000> what is 2+2?", true));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("what is 2+2?").isPresent());
        IncomingMessage message = queuedWithText("what is 2+2?").orElseThrow();
        assertThat(message.channel()).isEqualTo("discord");
        assertThat(message.personId()).isEqualTo(PERSON);
        assertThat(message.conversationId()).isEqualTo(CHANNEL);
        assertThat(message.replyTo()).isEqualTo("artie:outgoing:discord");
        assertThat(message.metadata())
                .containsEntry("channelId", CHANNEL)
                .containsEntry("messageId", Integer.toString(messageIds))
                .doesNotContainKey("guildId");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !discord.posts("/channels/" + CHANNEL + "/typing").isEmpty());
        TypingIndicator typing = service.getApplicationContext().getBean(TypingIndicator.class);
        assertThat(typing.isTyping(message.id())).isTrue();

        new StreamPublisher(connection.sync(), 10_000)
                .publish(Streams.outgoing("discord"), codec.encode(message.reply("4", false)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> discord.posts("/channels/" + CHANNEL + "/messages").stream()
                        .anyMatch(r -> r.body().contains("\"content\":\"4\"")));
        assertThat(typing.isTyping(message.id())).isFalse();
    }

    /**
     * Issue 12 item 1: the reply grows in one message (posted at the first text, then edited), and the reply replaces
     * the preview's text instead of coming as a second message.
     */
    @Test
    void aReplyIsShownAsItGrowsInOneMessageThatTheReplyThenCompletes() throws Exception {
        gateway.dispatch("MESSAGE_CREATE", directMessage(PERSON, false, "tell me a story", false));
        String asked = Integer.toString(messageIds);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("tell me a story").isPresent());
        IncomingMessage message = queuedWithText("tell me a story").orElseThrow();
        assertThat(message.metadata()).containsEntry(Streams.DELTAS_METADATA, "true");
        StreamPublisher publisher = new StreamPublisher(connection.sync(), 10_000);

        publisher.publishDelta(message.id(), codec.encode(DeltaMessage.text(message.id(), 1, "Once upon")));

        String posts = "/channels/" + CHANNEL + "/messages";
        await().atMost(Duration.ofSeconds(10))
                .until(() -> contents(discord.posts(posts)).contains("Once upon …"));
        JsonNode preview = json.readTree(discord.posts(posts).stream()
                .filter(r -> r.body().contains("Once upon"))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(preview.at("/message_reference/message_id").asText()).isEqualTo(asked);
        assertThat(preview.at("/allowed_mentions/parse").size()).isZero();
        String previewId = connection.sync().get("artie:discord:preview:" + message.id());
        assertThat(previewId)
                .as("the preview's id, kept for whichever instance delivers the reply")
                .isNotNull();

        publisher.publishDelta(message.id(), codec.encode(DeltaMessage.text(message.id(), 2, "Once upon a time")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> contents(discord.edits(CHANNEL, previewId)).contains("Once upon a time …"));

        publisher.publish(
                Streams.outgoing("discord"), codec.encode(message.reply("Once upon a time, a bot answered.", false)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> contents(discord.edits(CHANNEL, previewId)).contains("Once upon a time, a bot answered."));
        // A second message for the answer would come right after the edit: none comes.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> contents(discord.posts(posts)).stream()
                        .filter(text -> text.startsWith("Once upon"))
                        .toList()
                        .equals(List.of("Once upon …")));
        assertThat(contents(discord.edits(CHANNEL, previewId)))
                .as("the reply is the last word")
                .last()
                .isEqualTo("Once upon a time, a bot answered.");
    }

    private static List<String> contents(List<FakeDiscord.Received> requests) {
        return requests.stream()
                .map(r -> {
                    try {
                        return json.readTree(r.body()).path("content").asText();
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + r.body(), e);
                    }
                })
                .toList();
    }

    @Test
    void inAServerOnlyAMentionIsAnsweredAndTheReplyAnswersItsMessage() throws Exception {
        gateway.dispatch("MESSAGE_CREATE", guildMessage("people chatting among themselves", false));
        gateway.dispatch("MESSAGE_CREATE", guildMessage("<@1000> what foods do I like?", true));
        String messageId = Integer.toString(messageIds);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("what foods do I like?").isPresent());
        assertThat(queuedWithText("people chatting among themselves")).isEmpty();
        IncomingMessage message = queuedWithText("what foods do I like?").orElseThrow();
        assertThat(message.conversationId()).isEqualTo(FakeGatewayServer.GUILD_CHANNEL);
        assertThat(message.metadata())
                .isEqualTo(Map.of(
                        "channelId",
                        FakeGatewayServer.GUILD_CHANNEL,
                        "messageId",
                        messageId,
                        "guildId",
                        FakeGatewayServer.GUILD,
                        Streams.DELTAS_METADATA,
                        "true"));

        new StreamPublisher(connection.sync(), 10_000)
                .publish(Streams.outgoing("discord"), codec.encode(message.reply("You like tea and toast.", false)));

        String posts = "/channels/" + FakeGatewayServer.GUILD_CHANNEL + "/messages";
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        discord.posts(posts).stream().anyMatch(r -> r.body().contains("You like tea and toast.")));
        String body = discord.posts(posts).stream()
                .filter(r -> r.body().contains("You like tea and toast."))
                .findFirst()
                .orElseThrow()
                .body();
        assertThat(body).contains("\"message_id\":\"" + messageId + "\"");
    }

    @Test
    void whereArtieMayNotReadHistoryTheReplyIsPostedWithoutTheReplyLink() throws Exception {
        gateway.dispatch(
                "MESSAGE_CREATE", guildMessage(FakeGatewayServer.NO_HISTORY_CHANNEL, "<@1000> hi there", true));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("hi there").isPresent());

        new StreamPublisher(connection.sync(), 10_000)
                .publish(
                        Streams.outgoing("discord"),
                        codec.encode(queuedWithText("hi there").orElseThrow().reply("Hello!", false)));

        String posts = "/channels/" + FakeGatewayServer.NO_HISTORY_CHANNEL + "/messages";
        await().atMost(Duration.ofSeconds(10)).until(() -> !discord.posts(posts).isEmpty());
        assertThat(discord.posts(posts).getFirst().body()).contains("Hello!").doesNotContain("message_reference");
    }

    @Test
    void aMessageDeliveredTwiceIsQueuedOnce() throws Exception {
        String twice = directMessage(PERSON, false, "only once please", false);
        gateway.dispatch("MESSAGE_CREATE", twice);
        gateway.dispatch("MESSAGE_CREATE", twice);
        gateway.dispatch("MESSAGE_CREATE", directMessage(PERSON, false, "the next one", false));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("the next one").isPresent());
        assertThat(queued())
                .filteredOn(m -> m.text().equals("only once please"))
                .hasSize(1);
    }

    @Test
    void otherBotsAreIgnored() throws Exception {
        gateway.dispatch("MESSAGE_CREATE", directMessage("811", "77", true, "I am a bot, answer me", false));
        gateway.dispatch("MESSAGE_CREATE", directMessage(PERSON, false, "and I am a person", false));

        // Events are handled in order: once the person's message is queued, the bot's would have been too.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("and I am a person").isPresent());
        assertThat(queuedWithText("I am a bot, answer me")).isEmpty();
    }

    @Test
    void beyondThePersonalRateLimitOnePoliteReplyIsPostedAndNothingMoreIsQueued() throws Exception {
        String person = "5150";
        String channel = "820";
        for (int i = 0; i < 22; i++) {
            gateway.dispatch("MESSAGE_CREATE", directMessage(channel, person, false, "flood " + i, false));
        }
        gateway.dispatch("MESSAGE_CREATE", directMessage(PERSON, false, "meanwhile, someone else", false));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("meanwhile, someone else").isPresent());
        String posts = "/channels/" + channel + "/messages";
        await().atMost(Duration.ofSeconds(10)).until(() -> !discord.posts(posts).isEmpty());
        assertThat(queued()).filteredOn(m -> m.personId().equals(person)).hasSize(20);
        Thread.sleep(500); // a second polite reply, if one were wrongly sent, would have been posted by now
        assertThat(discord.posts(posts))
                .singleElement()
                .satisfies(post -> assertThat(post.body())
                        .contains("You're sending messages faster")
                        .contains("try again"));
        assertThat(get("/prometheus").body()).contains("artie_rate_limited_total{channel=\"discord\"} 2.0");
    }

    @Test
    void aMessageOverTheLengthLimitIsAnsweredWithTheLimitAndNotQueued() throws Exception {
        String channel = "821";
        gateway.dispatch("MESSAGE_CREATE", directMessage(channel, "5151", false, "b".repeat(1_001), false));

        String posts = "/channels/" + channel + "/messages";
        await().atMost(Duration.ofSeconds(10)).until(() -> !discord.posts(posts).isEmpty());
        assertThat(discord.posts(posts).getFirst().body())
                .contains(
                        "Your message is 1,001 characters long; I can read at most 1,000. Please send a shorter one.");
        assertThat(queued()).noneMatch(m -> m.personId().equals("5151"));
    }

    @Test
    void aDroppedConnectionIsResumedCountedAndShownByReadiness() throws Exception {
        double before = reconnects();

        gateway.dropConnection();

        await().atMost(Duration.ofSeconds(30)).until(() -> reconnects() == before + 1);
        assertThat(gateway.opsReceived()).contains("6"); // RESUME, not a new IDENTIFY
        assertThat(get("/health/readiness").body()).contains("\"gateway\":\"connected\"");
        gateway.dispatch("MESSAGE_CREATE", directMessage(PERSON, false, "still there?", false));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("still there?").isPresent());
    }

    @Test
    void theTokenAppearsInNoLogLineAndNoEndpointThroughMessagesRepliesAndAReconnect() throws Exception {
        gateway.dispatch("MESSAGE_CREATE", directMessage(PERSON, false, "a secret-free chat", false));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> queuedWithText("a secret-free chat").isPresent());
        new StreamPublisher(connection.sync(), 10_000)
                .publish(
                        Streams.outgoing("discord"),
                        codec.encode(queuedWithText("a secret-free chat")
                                .orElseThrow()
                                .reply("no secrets here", false)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> discord.posts("/channels/" + CHANNEL + "/messages").stream()
                        .anyMatch(r -> r.body().contains("no secrets here")));
        double before = reconnects();
        gateway.dropConnection();
        await().atMost(Duration.ofSeconds(30)).until(() -> reconnects() == before + 1);

        StringBuilder everything = new StringBuilder(logs.all());
        for (String path : List.of("/health", "/health/liveness", "/health/readiness", "/prometheus", "/nope")) {
            HttpResponse<String> answer = get(path);
            everything.append(answer.headers().map()).append(answer.body());
        }
        assertThat(discord.received())
                .as("the token did go to Discord's API")
                .anyMatch(r -> ("Bot " + TOKEN).equals(r.authorization()));
        assertThat(logs.all()).as("the capture saw the session").contains("discord");
        assertThat(everything.toString()).doesNotContain(TOKEN);
    }

    private double reconnects() throws Exception {
        String metrics = get("/prometheus").body();
        String line = metrics.lines()
                .filter(l -> l.startsWith("artie_channel_reconnects_total{channel=\"discord\"}"))
                .findFirst()
                .orElseThrow();
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(service.getURL() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
