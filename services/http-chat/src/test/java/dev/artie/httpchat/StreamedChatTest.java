package dev.artie.httpchat;

import static dev.artie.httpchat.ChatApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.DeltaMessage;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.QueueSettings;
import dev.artie.shared.queue.StreamConsumer;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `POST /api/chat` with `Accept: text/event-stream` against a real Redis, with a stand-in for capabilities that
 * writes partial replies to `artie:deltas:<id>` as capabilities does, and holds the reply back until the test has
 * seen the text grow.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamedChatTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return ChatApi.settings(
                redis.url(), "3s", "artie.http.stream-keep-alive", "200ms", "artie.input.max-message-length", "50");
    }

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static StreamConsumer standIn;
    private static final List<IncomingMessage> received = new CopyOnWriteArrayList<>();
    private static final CountDownLatch sawGrowth = new CountDownLatch(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        client = RedisClient.create(redis.url());
        connection = client.connect();
        MessageCodec codec = MessageCodec.standalone();
        StreamPublisher publisher = new StreamPublisher(connection.sync(), 10_000);
        standIn = new StreamConsumer(
                client,
                connection.sync(),
                Streams.INCOMING,
                Streams.CAPABILITIES_GROUP,
                "stand-in",
                QueueSettings.defaults(),
                entry -> {
                    IncomingMessage message = codec.decodeIncoming(entry.payload());
                    received.add(message);
                    switch (message.text()) {
                        case "stream me" -> {
                            publisher.publishDelta(
                                    message.id(), codec.encode(DeltaMessage.text(message.id(), 1, "Hel")));
                            awaitQuietly(sawGrowth);
                            publisher.publishDelta(
                                    message.id(), codec.encode(DeltaMessage.text(message.id(), 2, "Hello, wor")));
                            publisher.publishReplyOnce(
                                    message.replyTo(),
                                    message.id(),
                                    codec.encode(message.reply("Hello, world!", false)));
                        }
                        case "never answered" -> {}
                        default ->
                            publisher.publishReplyOnce(
                                    message.replyTo(),
                                    message.id(),
                                    codec.encode(message.reply("echo: " + message.text(), false)));
                    }
                },
                new DeadLetters(connection.sync(), publisher),
                new SimpleMeterRegistry());
        standIn.start();
    }

    @AfterAll
    static void stop() {
        standIn.stop(Duration.ofSeconds(2));
        connection.close();
        client.shutdown();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One server-sent event: its name (null for a comment) and data, or the comment. */
    record Sse(String event, String data, String comment) {}

    private HttpResponse<InputStream> stream(String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + "/api/chat"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads events until the stream ends, calling {@code seen} with each as it arrives. */
    private static List<Sse> read(HttpResponse<InputStream> response, java.util.function.Consumer<Sse> seen)
            throws Exception {
        List<Sse> events = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        Sse sse = new Sse(event, data.toString(), null);
                        events.add(sse);
                        seen.accept(sse);
                    }
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    Sse sse = new Sse(null, null, line.substring(1).trim());
                    events.add(sse);
                    seen.accept(sse);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                }
            }
        }
        return events;
    }

    private static List<Sse> named(List<Sse> events) {
        return events.stream().filter(e -> e.event() != null).toList();
    }

    @Test
    void streamsQueuedThenTheGrowingTextThenTheReplyOnceLast() throws Exception {
        HttpResponse<InputStream> response = stream("{\"userId\":\"s1\",\"message\":\"stream me\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<Sse> events = named(read(response, sse -> {
            if ("delta".equals(sse.event()) && sse.data().contains("\"Hel\"")) {
                sawGrowth.countDown();
            }
        }));

        assertThat(events.getFirst().event()).isEqualTo("queued");
        assertThat(events.getFirst().data())
                .contains("\"messageId\":\"" + received.getLast().id() + "\"")
                .contains("\"correlationId\"")
                .contains("\"conversationId\":\"s1\"");
        assertThat(events.getLast().event()).isEqualTo("reply");
        assertThat(events.getLast().data())
                .contains("\"reply\":\"Hello, world!\"")
                .contains("\"offline\":false")
                .contains("\"messageId\":\"" + received.getLast().id() + "\"");
        assertThat(events.stream().filter(e -> e.event().equals("reply"))).hasSize(1);
        assertThat(events.stream().filter(e -> e.event().equals("delta")).map(Sse::data))
                .first()
                .isEqualTo("{\"text\":\"Hel\"}");
        // the channel asked for partial replies by metadata, so that capabilities writes them
        assertThat(received.getLast().metadata()).containsEntry(Streams.DELTAS_METADATA, "true");
    }

    @Test
    void aNonStreamedChatDoesNotAskForPartialReplies() throws Exception {
        HttpResponse<String> response = ChatApi.chat(server, "{\"userId\":\"s2\",\"message\":\"plain\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(received.getLast().metadata()).doesNotContainKey(Streams.DELTAS_METADATA);
    }

    @Test
    void refusalsBeforeQueuingArePlainJson() throws Exception {
        HttpResponse<InputStream> response = stream("{\"userId\":\"s3\",\"message\":\"   \"}");
        HttpResponse<String> asText = new StringResponse(response);
        assertError(asText, 400, "empty_message");
    }

    @Test
    void noReplyInTimeEndsWithAnErrorEventAfterKeepAlives() throws Exception {
        List<Sse> all = read(stream("{\"userId\":\"s4\",\"message\":\"never answered\"}"), sse -> {});
        assertThat(all).anySatisfy(e -> assertThat(e.comment()).isEqualTo("keep-alive"));
        // a keep-alive is a comment only, never an event a client would dispatch
        assertThat(all).allMatch(e -> e.event() != null || e.comment() != null, "no unnamed events");
        List<Sse> events = named(all);
        assertThat(events.getFirst().event()).isEqualTo("queued");
        assertThat(events.getLast().event()).isEqualTo("error");
        assertThat(events.getLast().data())
                .contains("\"error\":\"reply_timeout\"")
                .contains("GET /api/chat/");
        assertThat(events.stream().filter(e -> e.event().equals("reply"))).isEmpty();
    }

    /** A streamed response read whole, for the plain JSON refusals. */
    private record StringResponse(HttpResponse<InputStream> streamed, String text) implements HttpResponse<String> {
        StringResponse(HttpResponse<InputStream> streamed) throws Exception {
            this(streamed, new String(streamed.body().readAllBytes(), StandardCharsets.UTF_8));
        }

        @Override
        public int statusCode() {
            return streamed.statusCode();
        }

        @Override
        public HttpRequest request() {
            return streamed.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return streamed.headers();
        }

        @Override
        public String body() {
            return text;
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return streamed.sslSession();
        }

        @Override
        public URI uri() {
            return streamed.uri();
        }

        @Override
        public HttpClient.Version version() {
            return streamed.version();
        }
    }
}
