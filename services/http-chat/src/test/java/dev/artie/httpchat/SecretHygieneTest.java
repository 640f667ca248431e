package dev.artie.httpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.LocalRedisServer;
import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.StandInCapabilities;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secret hygiene: the service runs with known fake secrets (an API token, the password of a real Redis started with
 * {@code --requirepass}), every error path is exercised (no token, wrong token, bad and oversized JSON, rate limit,
 * time-out, Redis down, a wrong Redis password), and then every captured log line, everything written to
 * stdout/stderr and every answer (bodies and headers of the API, the page, /health, /health/readiness,
 * /prometheus) is searched for the secrets.
 */
class SecretHygieneTest {
    private static final String TOKEN = "fake-api-token-Q7mZ29xv";
    private static final String REDIS_PASSWORD = "fake-redis-pass-K3wP81tn";
    private static final String WRONG_REDIS_PASSWORD = "fake-wrong-pass-H5rT44qd";
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> answers = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private Path dataDir;
    private int redisPort;
    private Process redis;

    @BeforeEach
    void startRedisWithAPassword() throws Exception {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, console), true, StandardCharsets.UTF_8));
        dataDir = Files.createTempDirectory("artie-secret-scan");
        redisPort = LocalRedisServer.freePort();
        startRedis();
    }

    private void startRedis() throws Exception {
        redis = new ProcessBuilder(
                        LocalRedisServer.findBinary().toString(),
                        "--port",
                        Integer.toString(redisPort),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dataDir.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--requirepass",
                        REDIS_PASSWORD,
                        "--loglevel",
                        "warning")
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket ignored = new Socket("127.0.0.1", redisPort)) {
                return true;
            }
        });
    }

    private void killRedis() throws InterruptedException {
        redis.destroyForcibly();
        redis.waitFor(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        System.setOut(originalOut);
        System.setErr(originalErr);
        killRedis();
    }

    @Test
    void noSecretAppearsInLogsOutputOrAnyAnswerAcrossTheErrorPaths() throws Exception {
        String url = "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redisPort;
        try (LogCapture logs = new LogCapture()) {
            try (StandInCapabilities capabilities = new StandInCapabilities(
                            url,
                            message -> message.text().equals("never answered") ? null : "echo: " + message.text());
                    EmbeddedServer server = ApplicationContext.run(
                            EmbeddedServer.class,
                            Map.of(
                                    "redis.uri",
                                    url,
                                    "micronaut.server.port",
                                    -1,
                                    "artie.http.api-token",
                                    TOKEN,
                                    "artie.http.reply-timeout",
                                    "1s",
                                    "artie.rate-limit.per-person",
                                    3,
                                    "artie.rate-limit.person-period",
                                    "1h"))) {
                // The secrets work: the right token gets an answer through the password-protected Redis.
                assertThat(chat(server, "Bearer " + TOKEN, "{\"userId\":\"s1\",\"message\":\"hello\"}"))
                        .isEqualTo(200);

                assertThat(chat(server, null, "{\"userId\":\"s1\",\"message\":\"hi\"}"))
                        .isEqualTo(401);
                assertThat(chat(server, "Bearer wrong-" + TOKEN, "{\"userId\":\"s1\",\"message\":\"hi\"}"))
                        .isEqualTo(401);
                assertThat(chat(server, "Bearer " + TOKEN.substring(0, 10), "{\"userId\":\"s1\",\"message\":\"hi\"}"))
                        .isEqualTo(401);
                assertThat(chat(server, "Bearer " + TOKEN, "{bad json " + TOKEN))
                        .isEqualTo(400);
                assertThat(chat(server, "Bearer " + TOKEN, "{\"userId\":\"s1\",\"x\":" + "[".repeat(50)))
                        .isEqualTo(400);
                assertThat(chat(
                                server,
                                "Bearer " + TOKEN,
                                "{\"userId\":\"s1\",\"message\":\"" + "x".repeat(1_200_000) + "\"}"))
                        .isEqualTo(413);
                assertThat(chat(server, "Bearer " + TOKEN, "{\"userId\":\"s2\",\"message\":\"never answered\"}"))
                        .isEqualTo(504);
                for (int i = 0; i < 4; i++) {
                    chat(server, "Bearer " + TOKEN, "{\"userId\":\"flood\",\"message\":\"m" + i + "\"}");
                }
                assertThat(chat(server, "Bearer " + TOKEN, "{\"userId\":\"flood\",\"message\":\"more\"}"))
                        .isEqualTo(429);
                assertThat(get(server, "/api/nothing-here")).isEqualTo(401);
                assertThat(get(server, "/nothing-here")).isEqualTo(404);
                readEverything(server);

                // Redis goes away: refused chats, readiness DOWN, the reconnect attempts logged.
                killRedis();
                await().atMost(Duration.ofSeconds(15)).until(() -> get(server, "/health/readiness") == 503);
                assertThat(chat(server, "Bearer " + TOKEN, "{\"userId\":\"s3\",\"message\":\"anyone?\"}"))
                        .isEqualTo(503);
                readEverything(server);

                startRedis();
                await().atMost(Duration.ofSeconds(30)).until(() -> get(server, "/health/readiness") == 200);
                readEverything(server);
            }

            // A wrong Redis password: the service starts, is not ready, and says why without quoting it.
            try (EmbeddedServer wrong = ApplicationContext.run(
                    EmbeddedServer.class,
                    Map.of(
                            "redis.uri",
                            "redis://:" + WRONG_REDIS_PASSWORD + "@127.0.0.1:" + redisPort,
                            "micronaut.server.port",
                            -1,
                            "artie.http.api-token",
                            TOKEN,
                            "artie.http.reply-timeout",
                            "1s"))) {
                chat(wrong, "Bearer " + TOKEN, "{\"userId\":\"s4\",\"message\":\"hi\"}");
                assertThat(get(wrong, "/health/readiness")).isEqualTo(503);
                readEverything(wrong);
            }

            String logged = logs.all();
            String printed = console.toString(StandardCharsets.UTF_8);
            String answered = String.join("\n", answers);
            // The scan looked at real material: the error paths were logged and answered.
            assertThat(logged).contains("could not queue a chat message").contains("no reply to");
            assertThat(answered)
                    .contains("\"error\":\"unauthorized\"")
                    .contains("\"error\":\"bad_json\"")
                    .contains("\"error\":\"rate_limited\"")
                    .contains("\"error\":\"queue_unavailable\"")
                    .contains("\"error\":\"reply_timeout\"")
                    .contains("\"error\":\"too_large\"")
                    .contains("artie_messages_total")
                    .contains("\"redis\"");
            for (String secret : List.of(TOKEN, REDIS_PASSWORD, WRONG_REDIS_PASSWORD)) {
                assertThat(logged).as("captured log lines").doesNotContain(secret);
                assertThat(printed).as("stdout and stderr").doesNotContain(secret);
                assertThat(answered).as("answers of every endpoint").doesNotContain(secret);
            }
        }
    }

    private void readEverything(EmbeddedServer server) throws Exception {
        for (String path :
                List.of("/", "/chat.js", "/health", "/health/readiness", "/health/liveness", "/prometheus")) {
            get(server, path);
        }
    }

    private int chat(EmbeddedServer server, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + "/api/chat"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return record(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private int get(EmbeddedServer server, String path) throws Exception {
        return record(http.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private int record(HttpResponse<String> response) {
        answers.add(response.request().uri() + " " + response.statusCode() + " "
                + response.headers().map() + "\n" + response.body());
        return response.statusCode();
    }

    /** Writes to the real stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }
    }
}
