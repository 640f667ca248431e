package dev.artie.httpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** While Redis is away the channel says so: readiness DOWN, chats refused with 503; it recovers by itself. */
class RedisOutageTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessDropsWhileRedisIsDownAndReturnsAfter() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of("redis.uri", redis.url(), "micronaut.server.port", -1, "artie.http.reply-timeout", "1s"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(server, "/health/readiness") == 200);
            assertThat(status(server, "/health/liveness")).isEqualTo(200);

            redis.server().kill();
            await().atMost(Duration.ofSeconds(15)).until(() -> status(server, "/health/readiness") == 503);
            assertThat(status(server, "/health/liveness"))
                    .as("alive though not ready")
                    .isEqualTo(200);
            HttpResponse<String> refused = chat(server);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("\"error\":\"queue_unavailable\"");

            redis.server().start();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(server, "/health/readiness") == 200);
            // Queued again (no capabilities here, so it times out waiting: the point is that it was accepted).
            assertThat(chat(server).statusCode()).isEqualTo(504);
        }
    }

    @Test
    void startsWithoutRedisAndBecomesReadyWhenRedisAppears() throws Exception {
        redis.server().kill();
        try (EmbeddedServer server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of("redis.uri", redis.url(), "micronaut.server.port", -1, "artie.http.reply-timeout", "1s"))) {
            assertThat(status(server, "/health/liveness")).isEqualTo(200);
            assertThat(status(server, "/health/readiness")).isEqualTo(503);
            assertThat(chat(server).statusCode()).isEqualTo(503);

            redis.server().start();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(server, "/health/readiness") == 200);
            assertThat(chat(server).statusCode())
                    .as("queued, then no capabilities to answer")
                    .isEqualTo(504);
        } finally {
            redis.server().start();
        }
    }

    private static int status(EmbeddedServer server, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(server.getURL() + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpResponse<String> chat(EmbeddedServer server) throws Exception {
        return ChatApi.chat(server, "{\"userId\":\"u1\",\"message\":\"anyone?\"}");
    }
}
