package dev.artie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.LocalRedisServer;
import dev.artie.shared.testing.LocalStackProcess;
import dev.artie.shared.testing.TlsRedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real http-chat jar against a TLS-only Redis whose certificate a private CA signed, the CA given as a file the
 * way Cloud Run and the operator mount it (ARTIE_REDIS_CA_CERT): ready once it reaches Redis, and not without the CA.
 */
class RedisPrivateCaServiceTest {
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void httpChatBecomesReadyTrustingTheMountedCaFile() throws Exception {
        try (var redis = TlsRedisServer.start()) {
            Path mounted = Files.createTempDirectory("artie-redis-ca").resolve("ca.pem");
            Files.copy(redis.caCertificate(), mounted);
            int port = LocalRedisServer.freePort();
            Process chat = httpChat(redis.url(), mounted.toString(), port);
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> readiness(port) == 200);
            } finally {
                chat.destroyForcibly();
            }
        }
    }

    @Test
    void withoutTheCaHttpChatNeverGetsReady() throws Exception {
        try (var redis = TlsRedisServer.start()) {
            int port = LocalRedisServer.freePort();
            Process chat = httpChat(redis.url(), "", port);
            try {
                // Up (liveness answers) but not ready: Redis refuses the untrusted certificate.
                await().atMost(Duration.ofSeconds(90)).until(() -> liveness(port) == 200);
                assertThat(readiness(port)).isEqualTo(503);
            } finally {
                chat.destroyForcibly();
            }
        }
    }

    private static Process httpChat(String redisUrl, String caCert, int port) throws Exception {
        Path jar = LocalStackProcess.repository()
                .resolve("services/http-chat/target/artie-http-chat-0.1.0-SNAPSHOT-all.jar");
        assertThat(jar)
                .as("runnable jar (built by `mvn verify` before this module)")
                .isRegularFile();
        var builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("artie-http-chat", ".log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ARTIE_") || k.equals("REDIS_URL"));
        builder.environment().put("REDIS_URL", redisUrl);
        builder.environment().put("ARTIE_REDIS_CA_CERT", caCert);
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static int readiness(int port) {
        return status(port, "/health/readiness");
    }

    private static int liveness(int port) {
        return status(port, "/health/liveness");
    }

    private static int status(int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
