package dev.artie.shared.testing;

import dev.artie.local.LocalRedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis server for one test class, on a free port, with append-only persistence.
 * Register it with {@code @RegisterExtension static RedisExtension redis = new RedisExtension();}. It starts before
 * the class's tests, or at the first {@link #url()} if that comes sooner (a {@code @MicronautTest}'s
 * {@code TestPropertyProvider} asks before this extension's turn), and stops after everything else of the class,
 * so a test's Micronaut context is closed while its Redis is still there.
 * {@code ARTIE_REDIS_SERVER} picks the binary (CI runs the suite on Redis 7 from the PATH and on the
 * embedded Redis 6.2, whose XAUTOCLAIM replies differ).
 */
public class RedisExtension implements BeforeAllCallback {
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
    public void beforeAll(ExtensionContext context) {
        server();
        // Closed with the class's context, after every extension's afterAll (Micronaut's closes its context there).
        context.getStore(ExtensionContext.Namespace.create(RedisExtension.class, this))
                .put("server", (AutoCloseable) this::stop);
    }

    /** Stops the server; a class that shares this extension (a static field of a base class) gets a new one. */
    private synchronized void stop() {
        server.kill();
        server = null;
    }

    public String url() {
        return server().url();
    }

    public int port() {
        return server().port();
    }

    public synchronized LocalRedisServer server() {
        if (server == null) {
            try {
                dataDir = Files.createTempDirectory("artie-redis-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = new LocalRedisServer(dataDir, 0);
            if (password != null) {
                server.requirePassword(password);
            }
            server.start();
        }
        return server;
    }
}
