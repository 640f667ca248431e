package dev.artie.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.queue.DeadLetter;
import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 14: the SMS channel's deliveries against a fake Twilio (a real HTTP server) that goes away for
 * longer than the old retry budget (three attempts within about 0.8 s), that refuses a number, and that asks to
 * slow down.
 */
class SmsDeliveryRetriesTest {
    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String ARTIE_NUMBER = "+15550001111";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @TempDir
    Path optOutDir;

    private Path optOutFile;
    private MockWebServer twilio;
    private int twilioPort;
    private EmbeddedServer sms;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private DeadLetters deadLetters;

    @BeforeEach
    void start() throws IOException {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        connection.sync().flushall();
        optOutFile = optOutDir.resolve("sms-opt-outs.db");
        deadLetters = new DeadLetters(connection.sync(), new StreamPublisher(connection.sync(), 10_000));
        twilio = fakeTwilio(request -> accepted());
        twilioPort = twilio.getPort();
        sms = ApplicationContext.run(EmbeddedServer.class, settings());
    }

    private Map<String, Object> settings() {
        return Map.of(
                "artie.sms.opt-out-path",
                optOutFile.toString(),
                "redis.uri",
                redis.url(),
                "micronaut.server.port",
                -1,
                "artie.sms.account-sid",
                SID,
                "artie.sms.auth-token",
                "test-auth-token-0123456789",
                "artie.sms.from-number",
                ARTIE_NUMBER,
                "artie.sms.public-url",
                "https://artie.example.com",
                "artie.sms.api-base-url",
                "http://localhost:" + twilioPort);
    }

    @AfterEach
    void stop() throws IOException {
        sms.stop();
        twilio.shutdown();
        connection.close();
        client.shutdown();
    }

    @Test
    void aReplyOutlastsATwilioOutageLongerThanTheOldRetryBudgetAndArrivesOnce() throws Exception {
        twilio.shutdown(); // Twilio unreachable: connections refused
        publishReply("+15551239001", "sent after the outage");
        Thread.sleep(3_000); // well past three attempts with the old 200 ms back-off

        twilio = fakeTwilio(request -> accepted());
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered.contains("sent after the outage"));
        Thread.sleep(1_000); // a second delivery would come within this
        assertThat(delivered).containsExactly("sent after the outage");
        assertThat(deadLetters.count()).isZero();
        assertThat(connection.sync().xpending(Streams.outgoing("sms"), "sms").getCount())
                .isZero();
    }

    /**
     * Item 8: two SMS replicas working one reply at a time, Twilio slower than the claim idle time. Neither may
     * take over a reply the other is still sending: every reply is texted once.
     */
    @Test
    void twoReplicasWithTwilioSlowerThanTheClaimIdleTimeTextEachReplyOnce() throws Exception {
        twilio.shutdown();
        twilio = fakeTwilio(request -> accepted().setHeadersDelay(2500, java.util.concurrent.TimeUnit.MILLISECONDS));
        sms.stop();
        Map<String, Object> oneAtATime = new java.util.HashMap<>(settings());
        oneAtATime.put("artie.queue.concurrency", 1);
        oneAtATime.put("artie.queue.claim-idle", "1s");
        sms = ApplicationContext.run(EmbeddedServer.class, oneAtATime);
        List<String> texts = List.of("first of three", "second of three", "third of three");
        for (String text : texts) {
            publishReply("+15551239004", text);
        }
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, oneAtATime)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> delivered.containsAll(texts)
                            && connection
                                            .sync()
                                            .xpending(Streams.outgoing("sms"), "sms")
                                            .getCount()
                                    == 0);
            Thread.sleep(3_000); // a second sending of a taken-over reply would arrive within this
        }
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(texts);
        assertThat(deadLetters.count()).isZero();
    }

    @Test
    void aNumberTwilioRefusesIsDeadLetteredAtOnceWithTwiliosReason() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        twilio.shutdown();
        twilio = fakeTwilio(request -> {
            calls.incrementAndGet();
            return new MockResponse()
                    .setResponseCode(400)
                    .setHeader("Content-Type", "application/json")
                    .setBody("{\"code\":21211,\"message\":\"The 'To' number +1555 is not a valid phone number.\","
                            + "\"status\":400}");
        });
        publishReply("+1555", "to nowhere");

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.count() == 1);
        DeadLetter letter = deadLetters.list(1).getFirst();
        assertThat(letter.reason()).startsWith("refused: ").contains("21211").contains("not a valid phone number");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(1);
    }

    /**
     * The opt-out file of a pod may be lost with the pod, and Redis with its volume; Twilio keeps its own opt-outs and
     * refuses with error 21610. That refusal is not a dead letter but a STOP learnt again: nothing is texted to the
     * number afterwards, and Twilio is not asked again.
     */
    @Test
    void twiliosUnsubscribedRecipientRecordsTheOptOutAgainInsteadOfDeadLettering() throws Exception {
        String number = "+15551239005";
        AtomicInteger calls = new AtomicInteger();
        twilio.shutdown();
        twilio = fakeTwilio(request -> {
            calls.incrementAndGet();
            return new MockResponse()
                    .setResponseCode(400)
                    .setHeader("Content-Type", "application/json")
                    .setBody("{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\","
                            + "\"status\":400}");
        });
        OptOuts optOuts = sms.getApplicationContext().getBean(OptOuts.class);
        assertThat(optOuts.isOptedOut(number))
                .as("our own record of the STOP is lost")
                .isFalse();

        publishReply(number, "to someone who said STOP");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> optOuts.isOptedOut(number)
                        && connection
                                        .sync()
                                        .xpending(Streams.outgoing("sms"), "sms")
                                        .getCount()
                                == 0);
        publishReply(number, "and again");
        var optedOut = sms.getApplicationContext()
                .getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .counter("artie.messages", "channel", "sms", "outcome", "opted_out");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> optedOut.count() == 2
                        && connection
                                        .sync()
                                        .xpending(Streams.outgoing("sms"), "sms")
                                        .getCount()
                                == 0);

        assertThat(calls.get())
                .as("Twilio asked once; the second reply stopped at our own opt-out")
                .isEqualTo(1);
        assertThat(deadLetters.count()).isZero();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aRateLimitedDeliveryWaitsAndIsSentOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        twilio.shutdown();
        twilio = fakeTwilio(request -> calls.incrementAndGet() <= 2
                ? new MockResponse()
                        .setResponseCode(429)
                        .setHeader("Retry-After", "1")
                        .setHeader("Content-Type", "application/json")
                        .setBody("{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}")
                : accepted());
        publishReply("+15551239003", "after a pause");

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains("after a pause"));
        assertThat(delivered).containsExactly("after a pause");
        assertThat(deadLetters.count()).isZero();
    }

    private interface Responder {
        MockResponse respond(RecordedRequest request);
    }

    /** The fake Twilio on the port the service was given, recording every message it accepted. */
    private MockWebServer fakeTwilio(Responder responder) throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse response = responder.respond(request);
                if (response.getStatus().contains(" 201 ")) {
                    String form = request.getBody().clone().readUtf8();
                    for (String pair : form.split("&")) {
                        if (pair.startsWith("Body=")) {
                            delivered.add(java.net.URLDecoder.decode(
                                    pair.substring(5), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                }
                return response;
            }
        });
        if (twilioPort == 0) {
            server.start();
        } else {
            server.start(twilioPort);
        }
        return server;
    }

    private static MockResponse accepted() {
        return new MockResponse()
                .setResponseCode(201)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"sid\":\"SM" + System.nanoTime() + "\",\"status\":\"queued\"}");
    }

    private void publishReply(String person, String text) {
        MessageCodec codec = MessageCodec.standalone();
        IncomingMessage incoming = IncomingMessage.create(
                "sms",
                person,
                person,
                "a question",
                Streams.outgoing("sms"),
                Map.of("from", person, "to", ARTIE_NUMBER));
        new StreamPublisher(connection.sync(), 10_000)
                .publish(Streams.outgoing("sms"), codec.encode(incoming.reply(text, false)));
    }
}
