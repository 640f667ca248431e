package dev.artie.capabilities.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.testing.PostgresExtension;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ARTIE_MEMORY_STORE picks the store the service starts with; a wrong or incomplete choice stops the start. */
class MemoryStoreChoiceTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    private static FakeModelServer model;

    @TempDir
    Path dir;

    @BeforeAll
    static void startModel() throws Exception {
        model = new FakeModelServer();
    }

    @AfterAll
    static void stopModel() throws Exception {
        model.close();
    }

    private Map<String, Object> properties(Object... overrides) {
        return TestServices.properties(redis.url(), model, dir, overrides);
    }

    @Test
    void sqliteByDefault() {
        try (ApplicationContext context = ApplicationContext.run(properties())) {
            assertThat(context.getBean(MemoryStore.class)).isInstanceOf(SqliteMemoryStore.class);
        }
    }

    @Test
    void postgresWhenChosen() throws Exception {
        String url = postgres.newDatabase();
        try (ApplicationContext context = ApplicationContext.run(
                properties("artie.memory.store", "postgres", "artie.memory.postgres.url", url))) {
            MemoryStore store = context.getBean(MemoryStore.class);
            assertThat(store).isInstanceOf(PostgresMemoryStore.class);
            assertThat(context.getBeansOfType(MemoryStore.class)).hasSize(1);
            store.remember("http", "alice", "my favourite food is ramen");
            assertThat(store.search("http", "alice", SearchTerms.of("food"), 10))
                    .hasSize(1);
        }
        assertThat(dir.resolve("memory.db"))
                .as("no SQLite file beside PostgreSQL")
                .doesNotExist();
    }

    @Test
    void postgresWithoutAUrlStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> ApplicationContext.run(properties("artie.memory.store", "postgres"))
                        .close())
                .hasStackTraceContaining("ARTIE_MEMORY_POSTGRES_URL");
    }

    @Test
    void anUnknownStoreStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> ApplicationContext.run(properties("artie.memory.store", "mysql"))
                        .close())
                .hasStackTraceContaining("ARTIE_MEMORY_STORE must be sqlite or postgres, not 'mysql'");
    }
}
