package dev.artie.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.local.LocalRedisServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server listening only on TLS, with a password and a certificate signed by a private CA that openssl
 * makes for the test: a managed Redis (Memorystore) as Cloud Run reaches it. Needs redis-server 7 (built with TLS).
 */
public final class TlsRedisServer implements AutoCloseable {
    public static final String PASSWORD = "s3cret-pass";
    private final Path dir;
    private final Process redis;
    private final int port;

    private TlsRedisServer(Path dir, Process redis, int port) {
        this.dir = dir;
        this.redis = redis;
        this.port = port;
    }

    public static TlsRedisServer start() throws Exception {
        Assumptions.assumeFalse(
                LocalRedisServer.findBinary().equals(LocalRedisServer.embeddedBinary()),
                "needs redis-server 7 (built with TLS) on the PATH; ./artie test installs it");
        Path dir = Files.createTempDirectory("redis-tls");
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-days",
                "1",
                "-subj",
                "/CN=artie-test-ca");
        run(
                dir,
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost");
        Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1");
        run(
                dir,
                "openssl",
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.crt",
                "-days",
                "1",
                "-extfile",
                "ext");
        int port = LocalRedisServer.freePort();
        // Redis 7 from the PATH (CI installs it); the embedded 6.2 binary is built without TLS.
        Process redis = new ProcessBuilder(
                        LocalRedisServer.findBinary().toString(),
                        "--port",
                        "0",
                        "--tls-port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--tls-cert-file",
                        "server.crt",
                        "--tls-key-file",
                        "server.key",
                        "--tls-ca-cert-file",
                        "ca.crt",
                        "--tls-auth-clients",
                        "no",
                        "--requirepass",
                        PASSWORD,
                        "--save",
                        "")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        var server = new TlsRedisServer(dir, redis, port);
        for (int i = 0; i < 100 && !server.accepting(); i++) {
            Thread.sleep(50);
        }
        assertThat(server.accepting())
                .as("TLS redis-server started (log: %s)", dir.resolve("log"))
                .isTrue();
        return server;
    }

    /** {@code rediss://} with the password, to localhost (the name the certificate carries). */
    public String url() {
        return "rediss://:" + PASSWORD + "@localhost:" + port;
    }

    /** The PEM file of the private CA that signed the server's certificate. */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    @Override
    public void close() {
        redis.destroyForcibly();
    }

    private boolean accepting() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile())
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0)
                .as("%s (see %s)", String.join(" ", command), dir.resolve("openssl.log"))
                .isTrue();
    }
}
