package dev.artie.httpchat;

import static dev.artie.httpchat.ChatApi.assertError;
import static dev.artie.httpchat.ChatApi.chat;
import static dev.artie.httpchat.ChatApi.chatAsync;
import static dev.artie.httpchat.ChatApi.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas sharing per-person rate limits in Redis, and the JSON limits of the chat API. */
class RateAndInputLimitsTest {
    private static final int PER_PERSON = 5;

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final int PER_CHANNEL = 12;
    private static StandInCapabilities capabilities;
    private static EmbeddedServer first;
    private static EmbeddedServer second;

    @BeforeAll
    static void start() {
        capabilities = new StandInCapabilities(redis.url(), message -> "echo: " + message.text());
        first = server();
        second = server();
    }

    private static EmbeddedServer server() {
        return ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "redis.uri",
                        redis.url(),
                        "micronaut.server.port",
                        -1,
                        "artie.http.reply-timeout",
                        "10s",
                        "artie.rate-limit.per-person",
                        PER_PERSON,
                        "artie.rate-limit.person-period",
                        "1h"));
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
        capabilities.close();
    }

    @Test
    void fiftyQuickMessagesFromOnePersonHitTheSharedLimitWhileAnotherPersonIsAnswered() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> flood = IntStream.range(0, 50)
                .mapToObj(i -> chatAsync(
                        i % 2 == 0 ? first : second, "{\"userId\":\"flooder\",\"message\":\"flood " + i + "\"}"))
                .toList();
        HttpResponse<String> other = chat(first, "{\"userId\":\"patient\",\"message\":\"am I heard?\"}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(other.body()).contains("\"reply\":\"echo: am I heard?\"");

        int answered = 0;
        int limited = 0;
        for (CompletableFuture<HttpResponse<String>> call : flood) {
            HttpResponse<String> response = call.join();
            if (response.statusCode() == 200) {
                answered++;
                continue;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
            limited++;
            assertThat(response.body()).contains("\"error\":\"rate_limited\"").contains("try again in");
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            // One message back every 12 minutes (5 an hour): a whole number of seconds, at least one.
            assertThat(response.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(
                            seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 12 * 60L));
        }
        assertThat(answered).as("the limit holds across both replicas").isEqualTo(PER_PERSON);
        assertThat(limited).isEqualTo(50 - PER_PERSON);
        assertThat(capabilities.received())
                .filteredOn(m -> m.personId().equals("flooder"))
                .as("refused messages never reach the queue")
                .hasSize(PER_PERSON);
        assertThat(rateLimited(first) + rateLimited(second)).isEqualTo(50 - PER_PERSON);
    }

    @Test
    void aCallerRotatingUserIdsMeetsTheChannelWideLimit() throws Exception {
        try (EmbeddedServer narrow = ApplicationContext.run(
                        EmbeddedServer.class,
                        Map.of(
                                "redis.uri",
                                redis.url() + "/2",
                                "micronaut.server.port",
                                -1,
                                "artie.http.reply-timeout",
                                "10s",
                                "artie.rate-limit.per-channel",
                                PER_CHANNEL,
                                "artie.rate-limit.channel-period",
                                "1h"));
                StandInCapabilities echo = new StandInCapabilities(redis.url() + "/2", m -> "echo: " + m.text())) {
            // A new userId for every message: each person's own bucket is full, only the channel's empties.
            List<HttpResponse<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < PER_CHANNEL + 10; i++) {
                answers.add(chat(narrow, "{\"userId\":\"rotating-" + i + "\",\"message\":\"hi " + i + "\"}"));
            }
            assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(PER_CHANNEL);
            assertThat(answers)
                    .filteredOn(r -> r.statusCode() == 429)
                    .hasSize(10)
                    .allSatisfy(r -> assertThat(r.body()).contains("Artie is getting too many messages"));
            assertThat(echo.received())
                    .as("refused messages never reach the queue")
                    .hasSize(PER_CHANNEL);
        }
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeParsing() throws Exception {
        String deep = "{\"userId\":\"nest\",\"message\":\"hi\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        HttpResponse<String> refused = chat(first, deep);
        assertError(refused, 400, "too_deep");
        assertThat(refused.body()).contains("at most " + ChatController.MAX_JSON_DEPTH);

        String shallowButNastyText = "{\"userId\":\"nest\",\"message\":\"[[[[[[[[[[[[ {{{{{{{{{{ \\\"]]\"}";
        HttpResponse<String> fine = chat(first, shallowButNastyText);
        assertThat(fine.statusCode()).as("brackets inside a string are text").isEqualTo(200);

        assertError(chat(first, "[1, 2]"), 400, "bad_json");
        assertError(chat(first, "{\"userId\": 5, \"message\": {\"a\": 1}}"), 400, "bad_json");
        assertError(chat(first, "null"), 400, "missing_body");
    }

    @Test
    void aBodyOverTheRequestSizeLimitIsRefusedWith413() throws Exception {
        String huge = "{\"userId\":\"big\",\"message\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertError(chat(first, huge), 413, "too_large");
        // Just under the byte limit but over the message limit: a clear 400, not a broken connection.
        String long1 = "{\"userId\":\"big\",\"message\":\"" + "x".repeat(5000) + "\"}";
        assertError(chat(first, long1), 400, "message_too_long");
        assertThat(chat(first, "{\"userId\":\"big\",\"message\":\"still here\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void depthIsCountedOutsideStringsOnly() {
        assertThat(JsonDepth.of("{}")).isEqualTo(1);
        assertThat(JsonDepth.of("{\"a\":[{\"b\":[]}]}")).isEqualTo(4);
        assertThat(JsonDepth.of("{\"a\":\"[[[\\\"{{{\"}")).isEqualTo(1);
        assertThat(JsonDepth.of("\"no object\"")).isZero();
    }

    private static double rateLimited(EmbeddedServer server) throws Exception {
        String metrics = get(server, "/prometheus").body();
        Matcher line = Pattern.compile("(?m)^artie_rate_limited_total\\{channel=\"http\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
