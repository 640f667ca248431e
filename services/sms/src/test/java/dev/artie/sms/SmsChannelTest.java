package dev.artie.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import dev.artie.shared.testing.TwilioSignatures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SMS channel end to end: Twilio's webhook signed as Twilio signs it, a real Redis, a stand-in for the
 * capabilities service answering through the real queue contract, and a fake Twilio REST API that is a real HTTP
 * server receiving the Messages API calls twilio-java makes.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsChannelTest implements TestPropertyProvider {
    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "test-auth-token-0123456789";
    private static final String ARTIE_NUMBER = "+15550001111";
    private static final String PUBLIC_URL = "https://artie.example.com";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final MockWebServer twilio = new MockWebServer();
    /** Fails the Messages API call (503) for a body containing "FAIL-ONCE" this many times. */
    private static final AtomicInteger injectedFailures = new AtomicInteger();
    /** The service's own opt-out file: what survives when Redis does not. */
    private static final Path OPT_OUTS = tempDir().resolve("data/sms-opt-outs.db");

    private static StandInCapabilities capabilities;

    @Inject
    EmbeddedServer server;

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void start() throws Exception {
        twilio.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getBody().clone().readUtf8().contains("FAIL-ONCE")
                        && injectedFailures.getAndDecrement() > 0) {
                    return new MockResponse()
                            .setResponseCode(503)
                            .setHeader("Content-Type", "application/json")
                            .setBody("{\"code\":20500,\"message\":\"injected failure\",\"status\":503}");
                }
                return new MockResponse()
                        .setResponseCode(201)
                        .setHeader("Content-Type", "application/json")
                        .setBody("{\"sid\":\"SM" + System.nanoTime() + "\",\"status\":\"queued\"}");
            }
        });
        capabilities = new StandInCapabilities(redis.url(), message -> {
            if (message.text().startsWith("long")) {
                return longReply();
            }
            if (message.text().startsWith("flaky")) {
                return flakyReply();
            }
            if (message.text().startsWith("quiet")) {
                return null;
            }
            return "echo: " + message.text();
        });
        client = RedisClient.create(redis.url());
        connection = client.connect();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            // Before the service starts: its address is one of the settings.
            twilio.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> text = new LinkedHashMap<>();
        settings(TOKEN).forEach((name, value) -> text.put(name, String.valueOf(value)));
        return text;
    }

    private static Map<String, Object> settings(String authToken) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("redis.uri", redis.url());
        settings.put("micronaut.server.port", -1);
        settings.put("artie.sms.account-sid", SID);
        settings.put("artie.sms.auth-token", authToken);
        settings.put("artie.sms.from-number", ARTIE_NUMBER);
        settings.put("artie.sms.public-url", PUBLIC_URL);
        settings.put("artie.sms.api-base-url", "http://localhost:" + twilio.getPort());
        // 20 messages per person an hour: one refilled every 3 minutes, so no test depends on how fast it runs.
        settings.put("artie.rate-limit.person-period", "1h");
        // Below Twilio's own 1,600 characters, so that the limit can be met here.
        settings.put("artie.input.max-message-length", 500);
        settings.put("artie.sms.opt-out-path", OPT_OUTS.toString());
        return settings;
    }

    @AfterAll
    static void stop() throws Exception {
        capabilities.close();
        connection.close();
        client.shutdown();
        twilio.shutdown();
    }

    @BeforeEach
    void drainFakeTwilio() throws InterruptedException {
        while (twilio.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // requests left over from an earlier test
        }
    }

    @Test
    void aSignedMessageIsQueuedAndAnsweredThroughTheMessagesApi() throws Exception {
        HttpResponse<String> response = webhook(signed(inbound("+15551230001", "hello there")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("xml"));
        assertThat(response.body()).contains("<Response/>");

        IncomingMessage queued = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> capabilities.received().stream()
                                .filter(m -> m.text().equals("hello there"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(queued.channel()).isEqualTo("sms");
        assertThat(queued.personId()).isEqualTo("+15551230001");
        assertThat(queued.conversationId()).isEqualTo("+15551230001");
        assertThat(queued.replyTo()).isEqualTo("artie:outgoing:sms");
        assertThat(queued.metadata()).containsEntry("from", "+15551230001").containsEntry("to", ARTIE_NUMBER);

        RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
        assertThat(sent).as("Messages API call").isNotNull();
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getPath()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
        assertThat(sent.getHeader("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(form(sent))
                .containsEntry("To", "+15551230001")
                .containsEntry("From", ARTIE_NUMBER)
                .containsEntry("Body", "echo: hello there");
    }

    @Test
    void forgedOrUnsignedRequestsGet403AndQueueNothing() throws Exception {
        long before = connection.sync().xlen(Streams.INCOMING);
        Map<String, String> params = inbound("+15551230002", "forged");

        assertThat(webhook(params, null).statusCode()).as("unsigned").isEqualTo(403);
        assertThat(webhook(params, signature(params, "someone-elses-token", PUBLIC_URL))
                        .statusCode())
                .as("signed with another token")
                .isEqualTo(403);
        assertThat(webhook(params, signature(params, TOKEN, "https://evil.example.com"))
                        .statusCode())
                .as("signed for another URL")
                .isEqualTo(403);
        Map<String, String> tampered = new LinkedHashMap<>(params);
        String genuine = signature(params, TOKEN, PUBLIC_URL);
        tampered.put("Body", "tampered");
        assertThat(webhook(tampered, genuine).statusCode())
                .as("body changed after signing")
                .isEqualTo(403);

        Thread.sleep(300);
        assertThat(connection.sync().xlen(Streams.INCOMING))
                .as("entries on artie:incoming")
                .isEqualTo(before);
        assertThat(capabilities.received()).noneMatch(m -> m.personId().equals("+15551230002"));
        assertThat(twilio.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aLongReplyArrivesAsOrderedPartsOfAtMost1600Characters() throws Exception {
        assertThat(webhook(signed(inbound("+15551230003", "long story please"))).statusCode())
                .isEqualTo(200);

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
            assertThat(sent).as("part %d", i + 1).isNotNull();
            assertThat(form(sent)).containsEntry("To", "+15551230003");
            bodies.add(form(sent).get("Body"));
        }
        assertThat(twilio.takeRequest(300, TimeUnit.MILLISECONDS))
                .as("no fourth part")
                .isNull();
        assertThat(bodies).allSatisfy(body -> assertThat(body.length()).isLessThanOrEqualTo(1600));
        assertThat(bodies).allSatisfy(body -> assertThat(body).endsWith("."));
        assertThat(String.join(" ", bodies)).isEqualTo(longReply());
    }

    @Test
    void aPartTwilioFailsIsRetriedWithoutSendingEarlierPartsAgain() throws Exception {
        injectedFailures.set(1);
        assertThat(webhook(signed(inbound("+15551230004", "flaky one"))).statusCode())
                .isEqualTo(200);

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
            assertThat(sent).as("call %d, after %s", i + 1, bodies).isNotNull();
            bodies.add(form(sent).get("Body"));
        }
        assertThat(twilio.takeRequest(500, TimeUnit.MILLISECONDS))
                .as("a fifth call")
                .isNull();
        List<String> parts = SmsReplies.PARTS.split(flakyReply());
        assertThat(parts).hasSize(3);
        assertThat(parts.get(1)).contains("FAIL-ONCE");
        // The failed second part, its retry, then the third: the first part went out once.
        assertThat(bodies).containsExactly(parts.get(0), parts.get(1), parts.get(1), parts.get(2));
    }

    @Test
    void helpIsAnsweredWithoutTheModel() throws Exception {
        long before = connection.sync().xlen(Streams.INCOMING);

        HttpResponse<String> response = webhook(signed(inbound("+15551230005", "help")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<Message>").contains("Reply STOP to unsubscribe");
        assertThat(connection.sync().xlen(Streams.INCOMING)).isEqualTo(before);
    }

    @Test
    void stopSilencesTheNumberUntilStart() throws Exception {
        String person = "+15551230006";
        long before = connection.sync().xlen(Streams.INCOMING);

        HttpResponse<String> stop = webhook(signed(inbound(person, "STOP")));
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.body()).contains("unsubscribed");
        assertThat(connection.sync().hget(OptOuts.KEY, person)).endsWith(":1");

        // Whatever they text now is not queued ...
        assertThat(webhook(signed(inbound(person, "are you there?"))).body()).contains("<Response/>");
        assertThat(connection.sync().xlen(Streams.INCOMING)).isEqualTo(before);
        // ... and a reply that was already on its way is dropped, not sent.
        publishReply(person, "a reply queued before the STOP");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> prometheus().contains("artie_messages_total{channel=\"sms\",outcome=\"opted_out\"} 1.0"));
        assertThat(twilio.takeRequest(300, TimeUnit.MILLISECONDS))
                .as("message to an opted-out number")
                .isNull();

        HttpResponse<String> start = webhook(signed(inbound(person, "start")));
        assertThat(start.body()).contains("Welcome back");
        webhook(signed(inbound(person, "hello again")));
        RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(form(sent)).containsEntry("To", person).containsEntry("Body", "echo: hello again");
    }

    @Test
    void aStopOutlivesItsRedis() throws Exception {
        String person = "+15551230016";
        assertThat(webhook(signed(inbound(person, "STOP"))).body()).contains("unsubscribed");
        // The same service on a new, empty Redis (a recreated volume): database 3 here, with the same opt-out file.
        Map<String, Object> recreated = settings(TOKEN);
        recreated.put("redis.uri", redis.url() + "/3");
        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, recreated);
                StatefulRedisConnection<String, String> fresh = client.connect()) {
            fresh.sync().select(3);
            assertThat(webhook(restarted, signed(inbound(person, "are you there?")))
                            .body())
                    .contains("<Response/>");
            assertThat(fresh.sync().xlen(Streams.INCOMING))
                    .as("nothing queued for an opted-out number")
                    .isZero();
            assertThat(fresh.sync().hget(OptOuts.KEY, person))
                    .as("the opt-out is back in Redis")
                    .endsWith(":1");

            // Redis emptied under the running service: still not texted.
            fresh.sync().flushdb();
            publishReply(fresh, person, "a reply after Redis lost everything");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> get(restarted, "/prometheus")
                            .body()
                            .contains("artie_messages_total{channel=\"sms\",outcome=\"opted_out\"} 1.0"));
            assertThat(twilio.takeRequest(300, TimeUnit.MILLISECONDS))
                    .as("message to an opted-out number")
                    .isNull();

            // START, taken by this instance, wins over the older STOP the first instance still holds.
            assertThat(webhook(restarted, signed(inbound(person, "start"))).body())
                    .contains("Welcome back");
            server.getApplicationContext().getBean(OptOuts.class).merge();
            assertThat(server.getApplicationContext().getBean(OptOuts.class).isOptedOut(person))
                    .isFalse();
        }
    }

    @Test
    void servesHealthAndMetricsWithoutSecrets() throws Exception {
        webhook(signed(inbound("+15551230007", "count me")));
        webhook(inbound("+15551230007", "unsigned"), null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> prometheus().contains("artie_messages_total{channel=\"sms\",outcome=\"replied\"}"));
        assertThat(prometheus())
                .contains("artie_messages_total{channel=\"sms\",outcome=\"received\"}")
                .contains("artie_messages_total{channel=\"sms\",outcome=\"forbidden\"}")
                .doesNotContain(TOKEN);

        HttpResponse<String> health = get("/health/readiness");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"redis\"").doesNotContain(TOKEN);
        assertThat(server.getApplicationContext().getBean(SmsSettings.class).toString())
                .doesNotContain(TOKEN);
    }

    @Test
    void refusesToStartWithoutItsSettings() {
        Map<String, Object> incomplete = settings("");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ApplicationContext.run(EmbeddedServer.class, incomplete))
                .hasStackTraceContaining("authToken");
    }

    @Test
    void beyondThePersonalRateLimitAShortPoliteSmsAnswersAndNothingIsQueued() throws Exception {
        String person = "+15557770021";
        // 20 messages per person (ARTIE_RATE_LIMIT_PER_PERSON), one back every 3 minutes here.
        for (int i = 0; i < 20; i++) {
            assertThat(webhook(signed(inbound(person, "quiet " + i))).statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> limited = webhook(signed(inbound(person, "quiet one too many")));
        assertThat(limited.statusCode()).isEqualTo(200);

        RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
        assertThat(sent).as("the polite reply").isNotNull();
        assertThat(form(sent)).containsEntry("To", person);
        assertThat(form(sent).get("Body"))
                .startsWith("You're sending messages faster")
                .contains("try again");
        assertThat(capabilities.received())
                .filteredOn(m -> m.personId().equals(person))
                .hasSize(20);
        assertThat(prometheus()).contains("artie_rate_limited_total{channel=\"sms\"} 1.0");
    }

    @Test
    void aMessageOverTheLengthLimitIsAnsweredWithTheLimitAndNotQueued() throws Exception {
        String person = "+15557770031";
        assertThat(webhook(signed(inbound(person, "a".repeat(700)))).statusCode())
                .isEqualTo(200);

        RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
        assertThat(sent).as("the answer").isNotNull();
        assertThat(form(sent))
                .containsEntry("To", person)
                .containsEntry(
                        "Body",
                        "Your message is 700 characters long; I can read at most 500. Please send a shorter one.");
        assertThat(capabilities.received()).noneMatch(m -> m.personId().equals(person));
        assertThat(prometheus()).contains("artie_messages_total{channel=\"sms\",outcome=\"too_long\"} 1.0");
    }

    @Test
    void picturesWithoutTextAreAnsweredThatOnlyTextIsRead() throws Exception {
        String person = "+15557770032";
        Map<String, String> mms = inbound(person, "");
        mms.put("NumMedia", "2");
        mms.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/" + SID + "/Messages/MM1/Media/ME1");
        mms.put("MediaContentType0", "image/jpeg");

        HttpResponse<String> response = webhook(signed(mms));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<Message>" + SmsWebhookController.MEDIA_ONLY_TEXT + "</Message>");
        assertThat(capabilities.received()).noneMatch(m -> m.personId().equals(person));
        assertThat(twilio.takeRequest(500, TimeUnit.MILLISECONDS))
                .as("media never fetched")
                .isNull();
    }

    private static String longReply() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; text.length() < 4000; i++) {
            text.append(i == 1 ? "" : " ")
                    .append("Sentence number ")
                    .append(i)
                    .append(" of a long answer, which goes on for a while to fill the message.");
        }
        return text.toString();
    }

    /** A three-part reply whose second part the fake Twilio refuses once. */
    private static String flakyReply() {
        return longReply().replace("Sentence number 30 of", "Sentence number 30 (FAIL-ONCE) of");
    }

    private static void publishReply(String person, String text) {
        publishReply(connection, person, text);
    }

    private static void publishReply(StatefulRedisConnection<String, String> target, String person, String text) {
        MessageCodec codec = MessageCodec.standalone();
        IncomingMessage incoming = IncomingMessage.create(
                "sms",
                person,
                person,
                "earlier question",
                Streams.outgoing("sms"),
                Map.of("from", person, "to", ARTIE_NUMBER));
        new StreamPublisher(target.sync(), 10_000)
                .publish(Streams.outgoing("sms"), codec.encode(incoming.reply(text, false)));
    }

    private static Map<String, String> inbound(String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + System.nanoTime());
        params.put("AccountSid", SID);
        params.put("From", from);
        params.put("To", ARTIE_NUMBER);
        params.put("Body", body);
        params.put("NumMedia", "0");
        return params;
    }

    private record Signed(Map<String, String> params, String signature) {}

    private static Signed signed(Map<String, String> params) throws Exception {
        return new Signed(params, signature(params, TOKEN, PUBLIC_URL));
    }

    private static String signature(Map<String, String> params, String token, String publicUrl) {
        return TwilioSignatures.sign(publicUrl + "/sms/webhook", params, token);
    }

    private HttpResponse<String> webhook(Signed signed) throws Exception {
        return webhook(server, signed);
    }

    private static HttpResponse<String> webhook(EmbeddedServer target, Signed signed) throws Exception {
        return webhook(target, signed.params(), signed.signature());
    }

    private HttpResponse<String> webhook(Map<String, String> params, String signature) throws Exception {
        return webhook(server, params, signature);
    }

    private static HttpResponse<String> webhook(EmbeddedServer target, Map<String, String> params, String signature)
            throws Exception {
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getURL() + "/sms/webhook"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBody().clone().readUtf8().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private String prometheus() throws Exception {
        return get("/prometheus").body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(server, path);
    }

    private static HttpResponse<String> get(EmbeddedServer target, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(target.getURL() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sms-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
