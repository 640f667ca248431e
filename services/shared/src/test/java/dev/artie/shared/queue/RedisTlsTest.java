package dev.artie.shared.queue;

import dev.artie.shared.local.LocalRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code rediss://} with a password and a private CA, as Cloud Run reaches a managed Redis: against a real
 * redis-server listening only on TLS, with a CA and server certificate made by openssl for this test.
 */
class RedisTlsTest {
    private static Path dir;
    private static Process redis;
    private static int port;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        Assumptions.assumeFalse(LocalRedisServer.findBinary().equals(LocalRedisServer.embeddedBinary()),
                "needs redis-server 7 (built with TLS) on the PATH; ./artie test installs it");
        dir = Files.createTempDirectory("redis-tls");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "1", "-subj", "/CN=artie-test-ca");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "1", "-extfile", "ext");
        port = LocalRedisServer.freePort();
        // Redis 7 from the PATH (CI installs it); the embedded 6.2 binary is built without TLS.
        redis = new ProcessBuilder(LocalRedisServer.findBinary().toString(), "--port", "0",
                "--tls-port", Integer.toString(port), "--bind", "127.0.0.1",
                "--tls-cert-file", "server.crt", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.crt",
                "--tls-auth-clients", "no", "--requirepass", "s3cret-pass", "--save", "")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        for (int i = 0; i < 100 && !accepting(); i++) {
            Thread.sleep(50);
        }
        assertThat(accepting()).as("TLS redis-server started (log: %s)", dir.resolve("log")).isTrue();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.destroyForcibly();
        }
    }

    @Test
    void connectsOverTlsWithPasswordTrustingTheGivenCa() {
        RedisClient client = RedisClient.create("rediss://:s3cret-pass@localhost:" + port);
        client.setOptions(RedisClientOptions.options(dir.resolve("ca.crt").toString()));
        try (var connection = client.connect()) {
            StreamPublisher publisher = new StreamPublisher(connection.sync(), 100);
            publisher.publish(Streams.INCOMING, "{}");
            assertThat(connection.sync().xlen(Streams.INCOMING)).isEqualTo(1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void refusesAServerItCannotVerify() {
        RedisClient client = RedisClient.create("rediss://:s3cret-pass@localhost:" + port);
        client.setOptions(RedisClientOptions.options(""));
        try {
            assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void namesAnUnreadableCaFileClearly() {
        assertThatThrownBy(() -> RedisClientOptions.options("/nonexistent/ca.pem"))
                .hasMessageContaining("ARTIE_REDIS_CA_CERT").hasMessageContaining("/nonexistent/ca.pem");
    }

    private static boolean accepting() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0)
                .as("%s (see %s)", String.join(" ", command), dir.resolve("openssl.log")).isTrue();
    }
}
