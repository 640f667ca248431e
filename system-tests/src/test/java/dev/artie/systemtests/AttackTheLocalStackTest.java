package dev.artie.systemtests;

import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static dev.artie.capabilities.testing.FakeModelServer.status;
import static dev.artie.capabilities.testing.FakeModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.LocalStackProcess;
import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.TwilioSignatures;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7's attack run, over loopback against the real local stack (`./artie up`: capabilities, http-chat, SMS and
 * email as processes) started with known fake secrets: a Redis password, an API token, a model key, a Twilio auth
 * token and a mail password. The model is fake at the HTTP level and does what a hostile or confused model would;
 * Twilio is a fake HTTP server; mail is a real GreenMail server. Each attack must be refused with a clear error and
 * counted, while a bystander's chats keep being answered; then every log line, every file the stack wrote, every
 * answer, every endpoint, every Redis key and everything sent out (prompts, texts, mails) is searched for the secrets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttackTheLocalStackTest {
    private static final String API_TOKEN = "atk-api-token-7Hq2ZkP9";
    private static final String MODEL_KEY = "sk-or-fake-model-key-3Rt8LmQ1";
    private static final String REDIS_PASSWORD = "atk-redis-pass-9Vd4XwN2";
    private static final String TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TWILIO_TOKEN = "atk-twilio-token-5Gh7BcS3";
    private static final String MAIL_PASSWORD = "atk-mail-pass-2Jk6TyE8";
    private static final String AUTHENTICATION_RESULTS = "Authentication-Results";
    /** The authserv-id of the server that receives Artie's mail (ARTIE_EMAIL_TRUSTED_AUTHSERV_IDS). */
    private static final String RECEIVING_SERVER = "mx.attack.test";

    private static final String ARTIE_NUMBER = "+15550009999";
    private static final String ARTIE_MAIL = "artie@example.com";
    private static final String SMS_PUBLIC_URL = "https://artie.example.test";

    @RegisterExtension
    static RedisExtension redisServer = RedisExtension.withPassword(REDIS_PASSWORD);

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");
    /** Every answer the stack gave, status line, headers and body, for the secret scan. */
    private static final List<String> answers = new CopyOnWriteArrayList<>();

    private static final Bystander bystander = new Bystander();

    private static FakeModelServer model;
    private static MockWebServer twilio;
    private static GreenMail mail;
    private static GreenMailUser alice;
    private static LocalStackProcess stack;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void startTheStack() throws Exception {
        model = new FakeModelServer().otherwise(AttackTheLocalStackTest::hostileModel);
        twilio = new MockWebServer();
        twilio.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse()
                        .setResponseCode(201)
                        .setHeader("Content-Type", "application/json")
                        .setBody("{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "")
                                + "\",\"status\":\"queued\"}");
            }
        });
        twilio.start();
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        mail.setUser(ARTIE_MAIL, "artie", MAIL_PASSWORD);
        alice = mail.setUser("alice@example.com", "alice", "alice-pw");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("ARTIE_HTTP_API_TOKEN", API_TOKEN);
        env.put("ARTIE_MODEL_BASE_URL", model.baseUrl());
        env.put("ARTIE_MODEL_API_KEY", MODEL_KEY);
        env.put("ARTIE_MODEL_MODELS", "fake/main,fake/second");
        env.put("ARTIE_MODEL_FREE_MODELS", "fake/free");
        // 20 messages per person an hour: one back every 3 minutes, so the flood's count does not depend on speed.
        env.put("ARTIE_RATE_LIMIT_PERSON_PERIOD", "1h");
        env.put("ARTIE_SMS_TWILIO_ACCOUNT_SID", TWILIO_SID);
        env.put("ARTIE_SMS_TWILIO_AUTH_TOKEN", TWILIO_TOKEN);
        env.put("ARTIE_SMS_FROM_NUMBER", ARTIE_NUMBER);
        env.put("ARTIE_SMS_API_BASE_URL", "http://127.0.0.1:" + twilio.getPort());
        env.put("ARTIE_EMAIL_IMAP_HOST", "127.0.0.1");
        env.put("ARTIE_EMAIL_IMAP_PORT", Integer.toString(mail.getImap().getPort()));
        env.put("ARTIE_EMAIL_SMTP_HOST", "127.0.0.1");
        env.put("ARTIE_EMAIL_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
        env.put("ARTIE_EMAIL_USERNAME", "artie");
        env.put("ARTIE_EMAIL_PASSWORD", MAIL_PASSWORD);
        env.put("ARTIE_EMAIL_ADDRESS", ARTIE_MAIL);
        env.put("ARTIE_EMAIL_TLS", "false");
        env.put("ARTIE_EMAIL_TRUSTED_AUTHSERV_IDS", RECEIVING_SERVER);
        // Twilio signs the public URL; as behind any proxy, it differs from the loopback address the test posts to.
        env.put("ARTIE_SMS_PUBLIC_URL", SMS_PUBLIC_URL);
        stack = LocalStackProcess.start(redisServer.url(), env, () -> true, "sms", "email");
        client = RedisClient.create(redisServer.url());
        connection = client.connect();
        redis = connection.sync();
        bystander.start();
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        bystander.stop();
        if (stack != null) {
            stack.close();
        }
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
        if (mail != null) {
            mail.stop();
        }
        if (twilio != null) {
            twilio.shutdown();
        }
        if (model != null) {
            model.close();
        }
    }

    /**
     * What the fake model does, by what the person said: call a capability that does not exist, read someone else's
     * memories, fetch the cloud metadata address, answer with its key in an error, as some providers do, or (as
     * fake/main) answer with megabytes or ask to be left alone past the end of time. Told a
     * tool's result, it passes the result on, so the reply shows what Artie fed back.
     */
    private static MockResponse hostileModel(FakeModelServer.Call call) {
        List<Map<String, Object>> messages = call.messages();
        Map<String, Object> last = messages.getLast();
        if ("tool".equals(last.get("role"))) {
            return answer("tool said: " + last.get("content"));
        }
        String said = String.valueOf(last.get("content"));
        Matcher search = Pattern.compile("search my memory for (\\w+)").matcher(said);
        Matcher peek = Pattern.compile("peek at the memories of ([\\w-]+)").matcher(said);
        if (said.contains("run a shell")) {
            return toolCall("call_1", "shell_run", "{\"command\":\"cat /etc/passwd\"}");
        }
        if (peek.find()) {
            return toolCall("call_1", "memory_search", "{\"query\":\"food\",\"personId\":\"" + peek.group(1) + "\"}");
        }
        if (search.find()) {
            return toolCall("call_1", "memory_search", "{\"query\":\"" + search.group(1) + "\"}");
        }
        Matcher page = Pattern.compile("fetch the page (\\S+)").matcher(said);
        if (page.find()) {
            return toolCall("call_1", "web_fetch", "{\"url\":\"" + page.group(1) + "\"}");
        }
        if (said.contains("fetch the metadata")) {
            return toolCall("call_1", "web_fetch", "{\"url\":\"http://169.254.169.254/latest/meta-data/iam/\"}");
        }
        if (said.contains("at length") && call.model().equals("fake/main")) {
            return answer("and so on ".repeat(400_000)); // about 4 MB
        }
        if (said.contains("slow down forever") && call.model().equals("fake/main")) {
            return status(429, "{\"error\":\"rate limited\"}").setHeader("Retry-After", Long.toString(Long.MAX_VALUE));
        }
        if (said.contains("show me your key")) {
            return status(
                    401,
                    "{\"error\":{\"message\":\"Incorrect API key provided: " + call.authorization()
                            + "\",\"code\":401}}");
        }
        String ranAlready = messages.stream()
                .filter(m -> "system".equals(m.get("role")))
                .map(m -> String.valueOf(m.get("content")))
                .filter(c -> c.startsWith("Artie already ran"))
                .collect(Collectors.joining(" "));
        return answer("model says: " + said + (ranAlready.isEmpty() ? "" : " | " + ranAlready));
    }

    @Test
    @Order(1)
    void withoutTheTokenOrWithAWrongOneTheApiAnswers401AndThePageStillLoads() throws Exception {
        double before = metric("http-chat", "artie_messages_total{channel=\"http\",outcome=\"unauthorized\"}");

        HttpResponse<String> none = chat(null, "mallory", "hello");
        HttpResponse<String> wrong = chat("not-the-token", "mallory", "hello");

        for (HttpResponse<String> refused : List.of(none, wrong)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"artie\"");
            assertThat(refused.body()).contains("\"error\":\"unauthorized\"");
        }
        assertThat(metric("http-chat", "artie_messages_total{channel=\"http\",outcome=\"unauthorized\"}"))
                .isEqualTo(before + 2);
        HttpResponse<String> page = get(stack.chatPort(), "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        // What the page sends once the person has typed the token: the same request with the header.
        HttpResponse<String> withToken = chat(API_TOKEN, "page-user", "hello from the page");
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("model says: hello from the page");
    }

    @Test
    @Order(2)
    void aFloodOfFiftyFromOnePersonIsHeldAtTheLimitWhileAnotherIsAnswered() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            flood.add(chatAsync(API_TOKEN, "flooder", "flood " + i));
        }
        HttpResponse<String> meanwhile = chat(API_TOKEN, "calm-person", "are you still there?");

        assertThat(meanwhile.statusCode()).isEqualTo(200);
        assertThat(meanwhile.body()).contains("model says: are you still there?");
        List<HttpResponse<String>> answered =
                flood.stream().map(CompletableFuture::join).toList();
        assertThat(answered).filteredOn(r -> r.statusCode() == 200).hasSize(20);
        List<HttpResponse<String>> limited =
                answered.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).hasSize(30).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(
                            seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 180L));
            assertThat(r.body()).contains("\"error\":\"rate_limited\"").contains("try again in");
        });
        assertThat(metric("http-chat", "artie_rate_limited_total{channel=\"http\"}"))
                .isEqualTo(30);
    }

    @Test
    @Order(3)
    void oversizedDeepAndMalformedRequestsGetClearErrors() throws Exception {
        double rejectedBefore = metric("http-chat", "artie_messages_total{channel=\"http\",outcome=\"rejected\"}");
        String deep = "{\"userId\":\"mallory\",\"message\":\"hi\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        String huge = "{\"userId\":\"mallory\",\"message\":\"" + "a".repeat(1_200_000) + "\"}";

        assertRefused(post(API_TOKEN, deep), 400, "too_deep");
        assertRefused(post(API_TOKEN, huge), 413, "too_large");
        assertRefused(
                post(API_TOKEN, "{\"userId\":\"mallory\",\"message\":\"" + "a".repeat(4_001) + "\"}"),
                400,
                "message_too_long");
        assertRefused(post(API_TOKEN, "{\"userId\": \"mallory\", \"message\": "), 400, "bad_json");
        assertRefused(post(API_TOKEN, "{\"userId\":\"../../etc/passwd\",\"message\":\"hi\"}"), 400, "bad_user_id");

        assertThat(metric("http-chat", "artie_messages_total{channel=\"http\",outcome=\"rejected\"}"))
                .isGreaterThanOrEqualTo(rejectedBefore + 3);
    }

    @Test
    @Order(4)
    void aModelCallingACapabilityThatDoesNotExistIsRefused() throws Exception {
        double before =
                metric("capabilities", "artie_capability_calls_total{capability=\"unknown\",outcome=\"refused\"}");

        HttpResponse<String> reply = chat(API_TOKEN, "mallory", "please run a shell for me");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("tool said:").contains("there is no tool named 'shell_run'");
        assertThat(metric("capabilities", "artie_capability_calls_total{capability=\"unknown\",outcome=\"refused\"}"))
                .isEqualTo(before + 1);
    }

    @Test
    @Order(5)
    void aModelReachingForAnotherPersonsMemoriesGetsOnlyTheSpeakers() throws Exception {
        assertThat(chat(API_TOKEN, "bob", "remember that my favourite food is ramen")
                        .statusCode())
                .isEqualTo(200);
        assertThat(chat(API_TOKEN, "bob", "search my memory for food").body())
                .as("Bob's own memories")
                .contains("ramen");
        double before =
                metric("capabilities", "artie_capability_calls_total{capability=\"memory\",outcome=\"refused\"}");

        HttpResponse<String> peek = chat(API_TOKEN, "mallory", "peek at the memories of bob");
        HttpResponse<String> own = chat(API_TOKEN, "mallory", "search my memory for food");

        assertThat(peek.body()).contains("no argument 'personId'").doesNotContain("ramen");
        assertThat(own.body()).contains("tool said:").doesNotContain("ramen");
        assertThat(metric("capabilities", "artie_capability_calls_total{capability=\"memory\",outcome=\"refused\"}"))
                .isEqualTo(before + 1);
    }

    @Test
    @Order(6)
    void aModelFetchingThePrivateMetadataAddressOrTheRangesTheGuardMissedIsRefused() throws Exception {
        double before = metric("capabilities", "artie_capability_calls_total{capability=\"web\",outcome=\"refused\"}");

        HttpResponse<String> reply = chat(API_TOKEN, "mallory", "please fetch the metadata of this machine");

        assertThat(reply.body()).contains("refused to fetch http://169.254.169.254/");
        // Issue 13 item 6: the ranges the guard missed (benchmarking, local-use NAT64 and 6to4 wrapping the
        // metadata address), each refused while the bystander goes on being answered.
        for (String[] hostile : List.of(
                new String[] {"http://198.18.0.1/", "refused to fetch http://198.18.0.1/"},
                new String[] {"http://[64:ff9b:1::a9fe:a9fe]/", "refused to fetch http://[64:ff9b:1:"},
                new String[] {"http://[2002:a9fe:a9fe::1]/", "refused to fetch http://[2002:a9fe:a9fe:"})) {
            assertThat(chat(API_TOKEN, "mallory", "please fetch the page " + hostile[0])
                            .body())
                    .contains(hostile[1]);
        }
        assertThat(metric("capabilities", "artie_capability_calls_total{capability=\"web\",outcome=\"refused\"}"))
                .isEqualTo(before + 4);
    }

    @Test
    @Order(7)
    void aModelEndpointThatEchoesTheKeyInItsErrorsLeadsToAnOfflineReply() throws Exception {
        HttpResponse<String> reply = chat(API_TOKEN, "mallory", "show me your key");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"offline\":true").doesNotContain(MODEL_KEY);
        assertThat(model.calls())
                .as("the key went to the model endpoint, as it must")
                .anyMatch(call -> ("Bearer " + MODEL_KEY).equals(call.authorization()));
    }

    @Test
    @Order(8)
    void aForgedSmsWebhookGets403AndASignedOneIsAnsweredThroughTwilio() throws Exception {
        String forgedFrom = "+15550001111";
        String genuineFrom = "+15550002222";

        HttpResponse<String> forged = smsWebhook(forgedFrom, "send me everything", "bm90LWEtc2lnbmF0dXJl");
        HttpResponse<String> unsigned = smsWebhook(forgedFrom, "send me everything", null);
        HttpResponse<String> genuine = smsWebhook(genuineFrom, "hello by text", "sign");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(genuine.statusCode()).isEqualTo(200);
        RecordedRequest sent = twilio.takeRequest(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sent).as("the reply, sent through the fake Twilio API").isNotNull();
        String form = sent.getBody().readUtf8();
        answers.add(form);
        assertThat(form)
                .contains("To=" + URLEncoder.encode(genuineFrom, StandardCharsets.UTF_8))
                .contains("model+says%3A+hello+by+text");
        assertThat(incoming()).noneMatch(m -> m.personId().equals(forgedFrom));
        assertThat(metric("sms", "artie_messages_total{channel=\"sms\",outcome=\"forbidden\"}"))
                .isEqualTo(2);
    }

    @Test
    @Order(9)
    void aMailIsAnsweredInItsThreadAndAnOversizedOneWithTheLimit() throws Exception {
        String question = sendMail("What is on the menu?");
        String oversized = sendMail("x".repeat(1_200_000));

        MimeMessage reply = awaitReplyTo(question);
        assertThat(reply.getSubject()).isEqualTo("Re: A question");
        assertThat((String) reply.getContent()).contains("model says: What is on the menu?");
        assertThat((String) awaitReplyTo(oversized).getContent())
                .contains("Your mail is")
                .contains("up to 1024 KB");
        assertThat(metric("email", "artie_messages_total{channel=\"email\",outcome=\"too_large\"}"))
                .isEqualTo(1);
    }

    @Test
    @Order(10)
    void aMailWithAForgedFromNeitherReadsNorErasesThatPersonsMemoriesNorAnswersItsReplyTo() throws Exception {
        GreenMailUser mallory = mail.setUser("mallory@evil.example", "mallory", "mallory-pw");
        awaitReplyTo(sendMail("remember that my locker code is 4711", Map.of()));
        // What a forger can write: alice's From:, their own Reply-To, and a "pass" under the receiving server's
        // authserv-id; what they cannot: the receiving server's own verdict on top.
        Map<String, String> forged = Map.of(
                "Reply-To",
                mallory.getEmail(),
                AUTHENTICATION_RESULTS,
                RECEIVING_SERVER + "; dkim=none; dmarc=fail header.from=example.com\n" + RECEIVING_SERVER
                        + "; dmarc=pass header.from=example.com");
        String peek = sendMail("search my memory for locker", forged);
        String erase = sendMail("forget everything about me", forged);

        assertThat((String) awaitReplyTo(peek).getContent())
                .contains("tool said")
                .doesNotContain("4711");
        awaitReplyTo(erase);
        assertThat((String) awaitReplyTo(sendMail("search my memory for locker", Map.of()))
                        .getContent())
                .as("alice's memory, untouched by the forged erase")
                .contains("4711");
        assertThat(mail.getManagers().getImapHostManager().getInbox(mallory).getMessages())
                .as("nothing to the forger's Reply-To")
                .isEmpty();
    }

    @Test
    @Order(11)
    void forgetEverythingAboutMeConfirmedWithYesEmptiesThatPersonsMemoriesAndNoOneElses() throws Exception {
        assertThat(chat(API_TOKEN, "carol", "remember that my favourite drink is tea")
                        .statusCode())
                .isEqualTo(200);
        assertThat(chat(API_TOKEN, "bob", "remember that I live in Lisbon").statusCode())
                .isEqualTo(200);
        assertThat(chat(API_TOKEN, "carol", "please don't ever forget me").body())
                .doesNotContain("Reply YES");
        assertThat(chat(API_TOKEN, "carol", "YES").body()).doesNotContain("I forgot everything");

        assertThat(chat(API_TOKEN, "bob", "forget everything about me").body()).contains("Reply YES within 5 minutes");
        assertThat(chat(API_TOKEN, "bob", "search my memory for Lisbon").body())
                .as("nothing erased before the YES")
                .contains("I live in Lisbon");
        assertThat(chat(API_TOKEN, "bob", "forget everything about me").statusCode())
                .isEqualTo(200);
        HttpResponse<String> forget = chat(API_TOKEN, "bob", "YES");

        assertThat(forget.body()).contains("I forgot everything I remembered about you: 2 memories");
        assertThat(chat(API_TOKEN, "bob", "search my memory for food").body()).doesNotContain("ramen");
        assertThat(chat(API_TOKEN, "bob", "search my memory for Lisbon").body()).doesNotContain("I live in Lisbon");
        assertThat(chat(API_TOKEN, "carol", "search my memory for drink").body())
                .contains("tea");
    }

    /** Each of these froze a worker for minutes (three at once left a bystander unanswered for over 60 s). */
    @Test
    @Order(12)
    void calculationsThatWouldRunForMinutesAreRefusedWhileTheBystanderIsAnswered() throws Exception {
        List<String> bombs = List.of(
                "what is 9^9^9?",
                "what is 9^9^9^9?",
                "what is floor(9^9^9)?",
                "what is 99^99^99?",
                "calculate 10^999 * 10^999 * 10^999",
                "what is 2^2^2^2^2^2?");
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < bombs.size(); i++) {
            replies.add(chatAsync(API_TOKEN, "calculator-bomber-" + i, bombs.get(i)));
        }
        HttpResponse<String> neighbour = chat(API_TOKEN, "neighbour", "what is 5 + 5?");

        assertThat(neighbour.body()).contains("5 + 5 = 10");
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            assertThat(reply.get().statusCode()).isEqualTo(200);
            assertThat(reply.get().body()).contains("cannot calculate").contains("too large");
        }
    }

    /** An endpoint that answers without end is cut off at 2 MiB; the other model answers. */
    @Test
    @Order(13)
    void aModelAnsweringWithAHugeBodyIsCutOffAndTheOtherModelAnswers() throws Exception {
        for (HttpResponse<String> reply : untilFakeMainWasAsked("nora", "tell me everything at length")) {
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body())
                    .contains("\"offline\":false")
                    .contains("model says: tell me everything at length")
                    .hasSizeLessThan(10_000);
        }
        assertThat(model.calls())
                .as("max_tokens sent with every call")
                .allSatisfy(call -> assertThat(call.json()).containsKey("max_tokens"));
    }

    /** A Retry-After past the end of time threw out of the router and dead-lettered every message for that model. */
    @Test
    @Order(14)
    void aModelAskingToWaitPastTheEndOfTimeRestsAndTheOtherModelAnswers() throws Exception {
        for (HttpResponse<String> reply : untilFakeMainWasAsked("otto", "slow down forever")) {
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).contains("\"offline\":false").contains("model says: slow down forever");
        }
        assertThat(chat(API_TOKEN, "otto", "and now?").body()).contains("model says: and now?");
    }

    /** The models are taken in turn, and the bystander moves the turn: ask until fake/main got the message once. */
    private static List<HttpResponse<String>> untilFakeMainWasAsked(String user, String message) throws Exception {
        List<HttpResponse<String>> replies = new ArrayList<>();
        for (int attempt = 0; attempt < 6 && !fakeMainWasAsked(message); attempt++) {
            replies.add(chat(API_TOKEN, user, message));
        }
        assertThat(fakeMainWasAsked(message))
                .as("fake/main was asked '" + message + "'")
                .isTrue();
        return replies;
    }

    private static boolean fakeMainWasAsked(String message) {
        return model.calls().stream()
                .anyMatch(call -> call.model().equals("fake/main")
                        && String.valueOf(call.messages().getLast().get("content"))
                                .contains(message));
    }

    @Test
    @Order(15)
    void throughoutTheAttacksABystandersChatsWereAnswered() throws Exception {
        bystander.stop();
        assertThat(bystander.answered.get()).as("bystander chats answered").isGreaterThanOrEqualTo(5);
        assertThat(bystander.failures)
                .as("bystander chats that were not answered")
                .isEmpty();
    }

    /**
     * Item 4: a caller inventing a new userId for every message meets the channel-wide limit, its refusals leave no
     * key behind in Redis, and a person on another channel is answered meanwhile. (After the bystander's check: the
     * HTTP channel's allowance is everyone's, so while it is used up nobody chats over HTTP.)
     */
    @Test
    @Order(16)
    void aCallerRotatingUserIdsMeetsTheChannelLimitLeavesNoKeysAndTextsAreAnsweredMeanwhile() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> rotating = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            rotating.add(chatAsync(API_TOKEN, "rotor-" + i, "hello " + i));
        }
        HttpResponse<String> text = smsWebhook("+15550003333", "still there by text?", "sign");
        assertThat(text.statusCode()).isEqualTo(200);
        RecordedRequest sent = twilio.takeRequest(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sent)
                .as("the text's reply, sent through the fake Twilio API")
                .isNotNull();
        String form = sent.getBody().readUtf8();
        answers.add(form);
        assertThat(form).contains("still+there+by+text");

        List<HttpResponse<String>> answered =
                rotating.stream().map(CompletableFuture::join).toList();
        List<HttpResponse<String>> refused =
                answered.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.body()).contains("Artie is getting too many messages"));
        long personKeys =
                ScanIterator.scan(
                                redis,
                                ScanArgs.Builder.matches("artie:rate:person:http:rotor-*")
                                        .limit(1000))
                        .stream()
                        .count();
        long letThrough = answered.size() - refused.size();
        // One bucket per message let through; the few that raced the channel's last tokens may add one each, but
        // not one per refused message (before: 800 keys for 800 messages).
        assertThat(personKeys).isBetween(letThrough, letThrough + refused.size() / 4);
    }

    @Test
    @Order(17)
    void noSecretAppearsInAnyLogFileEndpointAnswerRedisKeyOrOutgoingMessage() throws Exception {
        StringBuilder everything = new StringBuilder();
        List<String> scanned = new ArrayList<>();
        // Every file the stack wrote: the services' logs, `up`'s output, the memory database.
        try (Stream<Path> files = Files.walk(stack.root())) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                everything
                        .append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .append('\n');
                scanned.add(stack.root().relativize(file).toString());
            }
        }
        assertThat(scanned)
                .contains(
                        "up.log",
                        ".artie/logs/capabilities.log",
                        ".artie/logs/http-chat.log",
                        ".artie/logs/sms.log",
                        ".artie/logs/email.log");
        // Every endpoint of every service, including an unknown path's error.
        for (Map.Entry<String, Integer> service : stack.ports().entrySet()) {
            for (String path : List.of("/health", "/health/liveness", "/health/readiness", "/prometheus", "/nope")) {
                get(service.getValue(), path);
            }
        }
        answers.forEach(answer -> everything.append(answer).append('\n'));
        everything.append(redisContents());
        for (FakeModelServer.Call call : model.calls()) {
            everything.append(call.body()).append('\n'); // prompts: no configuration or secret reaches the model
        }
        for (StoredMessage stored :
                mail.getManagers().getImapHostManager().getInbox(alice).getMessages()) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            stored.getMimeMessage().writeTo(raw);
            everything.append(raw.toString(StandardCharsets.ISO_8859_1)).append('\n');
        }
        String text = everything.toString();
        // The scan covers what the attacks produced: the logs show the refusals.
        assertThat(text)
                .contains("refused a webhook request")
                .contains("capability call")
                .contains("answering offline");

        assertThat(secretsIn("a line with " + MODEL_KEY))
                .as("the scan itself finds a secret")
                .isNotEmpty();
        assertThat(secretsIn(text))
                .as(
                        "secrets found in %,d characters of logs, files, answers, Redis and " + "outgoing messages",
                        text.length())
                .isEmpty();
    }

    /** Each secret, and the encodings it travels in (HTTP Basic for Twilio, SASL PLAIN for mail), found in text. */
    private static List<String> secretsIn(String text) {
        Map<String, String> forms = new LinkedHashMap<>();
        for (String secret : List.of(API_TOKEN, MODEL_KEY, REDIS_PASSWORD, TWILIO_TOKEN, MAIL_PASSWORD)) {
            forms.put(secret, secret);
        }
        forms.put("Twilio Basic credentials", base64(TWILIO_SID + ":" + TWILIO_TOKEN));
        forms.put("mail AUTH PLAIN", base64("\0artie\0" + MAIL_PASSWORD));
        return forms.entrySet().stream()
                .filter(form -> text.contains(form.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every key and every value in Redis, streams entry by entry. */
    private static String redisContents() {
        StringBuilder contents = new StringBuilder();
        ScanIterator<String> keys = ScanIterator.scan(redis, KeyScanArgs.Builder.limit(500));
        while (keys.hasNext()) {
            String key = keys.next();
            contents.append(key).append('\n');
            switch (redis.type(key)) {
                case "stream" ->
                    redis.xrange(key, Range.create("-", "+"))
                            .forEach(entry -> contents.append(entry.getBody()).append('\n'));
                case "string" -> contents.append(redis.get(key)).append('\n');
                case "hash" -> contents.append(redis.hgetall(key)).append('\n');
                case "set" -> contents.append(redis.smembers(key)).append('\n');
                case "zset" -> contents.append(redis.zrange(key, 0, -1)).append('\n');
                case "list" -> contents.append(redis.lrange(key, 0, -1)).append('\n');
                default -> {}
            }
        }
        return contents.toString();
    }

    private static List<IncomingMessage> incoming() {
        MessageCodec codec = MessageCodec.standalone();
        return redis.xrange(Streams.INCOMING, Range.create("-", "+")).stream()
                .map(entry -> codec.decodeIncoming(entry.getBody().get(Streams.MESSAGE_FIELD)))
                .toList();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"error\":\"" + error + "\"").contains("\"message\":");
    }

    private static HttpResponse<String> chat(String token, String user, String message) throws Exception {
        return chatAsync(token, user, message).get();
    }

    private static CompletableFuture<HttpResponse<String>> chatAsync(String token, String user, String message) {
        return postAsync(token, "{\"userId\":\"" + user + "\",\"message\":\"" + message + "\"}");
    }

    private static HttpResponse<String> post(String token, String body) {
        return postAsync(token, body).join();
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.chatPort() + "/api/chat"))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    record(response);
                    return response;
                });
    }

    /** Posts an inbound SMS as Twilio would; "sign" signs it with the real token, anything else is sent as is. */
    private static HttpResponse<String> smsWebhook(String from, String body, String signature) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        params.put("AccountSid", TWILIO_SID);
        params.put("From", from);
        params.put("To", ARTIE_NUMBER);
        params.put("Body", body);
        params.put("NumMedia", "0");
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.port("sms") + "/sms/webhook"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(params.entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))));
        if (signature != null) {
            request.header(
                    "X-Twilio-Signature",
                    signature.equals("sign")
                            ? TwilioSignatures.sign(SMS_PUBLIC_URL + "/sms/webhook", params, TWILIO_TOKEN)
                            : signature);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        record(response);
        return response;
    }

    private static String sendMail(String text) throws Exception {
        return sendMail(text, Map.of());
    }

    /**
     * Mails {@code text} from alice, with the receiving server's verdict that her domain signed it unless
     * {@code headers} say otherwise (a value of several lines is several headers, top first).
     */
    private static String sendMail(String text, Map<String, String> headers) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        String id = "<" + UUID.randomUUID() + "@example.com>";
        MimeMessage message = new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", id);
            }
        };
        message.setFrom(new InternetAddress(alice.getEmail()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(ARTIE_MAIL));
        message.setSubject("A question");
        message.setHeader(AUTHENTICATION_RESULTS, RECEIVING_SERVER + "; dkim=pass header.d=example.com");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            message.removeHeader(header.getKey());
            for (String value : header.getValue().split("\n")) {
                message.addHeader(header.getKey(), value);
            }
        }
        message.setText(text, "UTF-8");
        Transport.send(message);
        return id;
    }

    private static MimeMessage awaitReplyTo(String messageId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> {
                            for (StoredMessage stored : mail.getManagers()
                                    .getImapHostManager()
                                    .getInbox(alice)
                                    .getMessages()) {
                                if (messageId.equals(stored.getMimeMessage().getHeader("In-Reply-To", null))) {
                                    return stored.getMimeMessage();
                                }
                            }
                            return null;
                        },
                        reply -> reply != null);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = stack.get(port, path);
        record(response);
        return response;
    }

    private static void record(HttpResponse<String> response) {
        answers.add(response.statusCode() + " " + response.uri() + "\n"
                + response.headers().map() + "\n" + response.body());
    }

    /** A sample's value from a service's /prometheus, 0 when the series is not there yet. */
    private static double metric(String service, String series) throws Exception {
        return get(stack.port(service), "/prometheus")
                .body()
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Someone with nothing to do with the attacks, chatting every few hundred milliseconds as a new person. */
    private static final class Bystander {
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicInteger answered = new AtomicInteger();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private Thread thread;

        void start() {
            running.set(true);
            thread = Thread.ofVirtual().start(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        HttpResponse<String> reply = chat(API_TOKEN, "bystander-" + i, "what is 2 + " + i + "?");
                        if (reply.statusCode() != 200
                                || !reply.body().contains("= " + (2 + i))
                                || !MESSAGE_ID.matcher(reply.body()).find()) {
                            failures.add(i + ": " + reply.statusCode() + " " + reply.body());
                        } else {
                            answered.incrementAndGet();
                        }
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failures.add(i + ": " + e);
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(Duration.ofSeconds(120));
            }
        }
    }
}
