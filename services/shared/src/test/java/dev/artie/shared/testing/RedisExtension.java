package dev.artie.shared.testing;

import dev.artie.local.LocalRedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis server for one test class, on a free port, with append-only persistence.
 * Register it with {@code @RegisterExtension static RedisExtension redis = new RedisExtension();}.
 * {@code ARTIE_REDIS_SERVER} picks the binary (CI runs the suite on Redis 7 from the PATH and on the
 * embedded Redis 6.2, whose XAUTOCLAIM replies differ).
 */
public class RedisExtension implements BeforeAllCallback, AfterAllCallback {
    private final String password;
    private LocalRedisServer server;
    private Path dataDir;

    public RedisExtension() {
        this(null);
    }

    private RedisExtension(String password) {
        this.password = password;
    }

    /** A server that asks for {@code password}; {@link #url()} carries it. */
    public static RedisExtension withPassword(String password) {
        return new RedisExtension(password);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("artie-redis-test");
        server = new LocalRedisServer(dataDir, 0);
        if (password != null) {
            server.requirePassword(password);
        }
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.kill();
        }
    }

    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    public LocalRedisServer server() {
        return server;
    }
}
