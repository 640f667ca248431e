package dev.artie.shared.testing;

import dev.artie.local.LocalPostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for one test class ({@link LocalPostgresServer}: Debian's package, a temporary cluster
 * on a free port, stopped and deleted afterwards). Register it with
 * {@code @RegisterExtension static PostgresExtension postgres = new PostgresExtension();} and give each test its own
 * database with {@link #newDatabase()}.
 */
public class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private final AtomicInteger databases = new AtomicInteger();
    private LocalPostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = LocalPostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** A new empty database; returns its JDBC URL with user and password. */
    public String newDatabase() {
        return server.createDatabase("test_" + databases.incrementAndGet());
    }

    public LocalPostgresServer server() {
        return server;
    }
}
