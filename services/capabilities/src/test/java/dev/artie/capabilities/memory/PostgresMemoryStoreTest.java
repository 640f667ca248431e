package dev.artie.capabilities.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.local.LocalRedisServer;
import dev.artie.shared.testing.PostgresExtension;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The memory contract on a real PostgreSQL server (Debian's package, started for this class), and its own promises. */
class PostgresMemoryStoreTest extends MemoryStoreContract {
    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    private String url;

    @BeforeEach
    @Override
    void open() {
        url = postgres.newDatabase();
        super.open();
    }

    @Override
    MemoryStore openStore() {
        return new PostgresMemoryStore(new PostgresMemorySettings(url, 2));
    }

    @Override
    MemoryStore openEmptyStore() {
        return new PostgresMemoryStore(new PostgresMemorySettings(postgres.newDatabase(), 2));
    }

    @Test
    void forgettingLeavesNoRowOfThePersonInTheTable() throws Exception {
        remember(ALICE, "I was born in Porto");
        remember(ALICE_ON_SMS, "I like sushi");

        memory.erase(ALICE);

        try (var connection = DriverManager.getConnection(url);
                var statement = connection.createStatement()) {
            try (var rows = statement.executeQuery(
                    "SELECT channel, count(*) FROM memories WHERE person_id = 'alice' " + "GROUP BY channel")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1) + " " + rows.getInt(2))
                        .as("alice's row on sms stays")
                        .isEqualTo("sms 1");
                assertThat(rows.next()).isFalse();
            }
            try (var rows = statement.executeQuery(
                    "SELECT count(*) FROM memories WHERE words @@ websearch_to_tsquery('english', 'porto')")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    /** Replicas remembering the same words at the same moment keep them once (the unique index, not a lock). */
    @Test
    void replicasRememberingTheSameWordsAtOnceKeepThemOnce() throws Exception {
        List<MemoryStore> replicas = List.of(store, track(openStore()), track(openStore()));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                MemoryStore replica = replicas.get(i % replicas.size());
                String words = "fact " + (i % 10);
                calls.add(() -> replica.remember("http", "alice", words).id());
            }
            Set<Long> ids = new HashSet<>();
            for (Future<Long> id : threads.invokeAll(calls)) {
                ids.add(id.get());
            }
            assertThat(ids).hasSize(10);
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.recent("http", "alice", 100)).hasSize(10);
    }

    /**
     * V2 drops V1's GIN index on the words: a search's generic plan (what a prepared statement gets once PostgreSQL
     * stops planning it per call) then reads the person's rows through the B-tree on channel and person, not a common
     * word's posting list across everyone.
     */
    @Test
    void aDatabaseMadeAtV1LosesTheWordsIndexAndSearchesThroughThePersonsRows() throws Exception {
        String v1 = postgres.newDatabase();
        Flyway.configure()
                .dataSource(v1, null, null)
                .locations("classpath:db/memory/postgres")
                .target("1")
                .load()
                .migrate();
        assertThat(indexes(v1)).contains("memories_words");

        try (MemoryStore upgraded = new PostgresMemoryStore(new PostgresMemorySettings(v1, 2))) {
            List<MemoryStore.OwnedMemory> many = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                many.add(new MemoryStore.OwnedMemory(
                        "http",
                        "person-" + (i % 500),
                        "I like food number " + i,
                        Instant.parse("2026-01-01T00:00:00Z")));
            }
            upgraded.importBatch(many);
            upgraded.remember("http", "alice", "my favourite food is ramen");

            assertThat(indexes(v1)).doesNotContain("memories_words").contains("memories_by_person");
            assertThat(genericSearchPlan(v1, "food", "http", "alice"))
                    .contains("memories_by_person")
                    .doesNotContain("memories_words");
            assertThat(upgraded.search("http", "alice", SearchTerms.of("what food do I like?"), 5))
                    .extracting(MemoryStore.Memory::content)
                    .containsExactly("my favourite food is ramen");
        }
    }

    private static List<String> indexes(String url) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var connection = DriverManager.getConnection(url);
                var rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT indexname FROM pg_indexes WHERE tablename = 'memories' ORDER BY indexname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String genericSearchPlan(String url, String words, String channel, String person)
            throws SQLException {
        try (var connection = DriverManager.getConnection(url);
                var statement = connection.createStatement()) {
            statement.execute("ANALYZE memories");
            statement.execute("SET plan_cache_mode = force_generic_plan");
            statement.execute("PREPARE search(text, text, text, int) AS "
                    + PostgresMemoryStore.SEARCH
                            .replaceFirst("\\?", "\\$1")
                            .replaceFirst("\\?", "\\$2")
                            .replaceFirst("\\?", "\\$3")
                            .replaceFirst("\\?", "\\$4"));
            StringBuilder plan = new StringBuilder();
            try (var rows = statement.executeQuery(
                    "EXPLAIN EXECUTE search('" + words + "', '" + channel + "', '" + person + "', 5)")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    @Test
    void healthNamesTheStoreAndServer() throws Exception {
        assertThat(store.health()).containsEntry("store", "postgres").containsKey("serverVersion");
    }

    @Test
    void withoutAUrlTheStartFailsNamingTheVariable() {
        assertThatThrownBy(() -> new PostgresMemorySettings("", 4))
                .hasMessageContaining("ARTIE_MEMORY_POSTGRES_URL")
                .hasMessageContaining("ARTIE_MEMORY_STORE=postgres");
        assertThatThrownBy(() -> new PostgresMemorySettings("postgres://app:s3cret@db:5432/app", 4))
                .hasMessageContaining("ARTIE_MEMORY_POSTGRES_URL")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new PostgresMemorySettings(url, 0))
                .hasMessageContaining("ARTIE_MEMORY_POSTGRES_POOL_SIZE");
    }

    @Test
    void anUnreachableDatabaseFailsTheStartNamingTheVariableNotThePassword() {
        String nobodyListens = "jdbc:postgresql://127.0.0.1:" + LocalRedisServer.freePort()
                + "/app?user=app&password=s3cret-never-shown&connectTimeout=2";

        assertThatThrownBy(() -> new PostgresMemoryStore(new PostgresMemorySettings(nobodyListens, 1)))
                .hasMessageContaining("ARTIE_MEMORY_POSTGRES_URL")
                .hasMessageContaining("127.0.0.1")
                .hasMessageNotContaining("s3cret-never-shown")
                .hasNoCause();
    }

    @Test
    void aWrongPasswordFailsTheStartWithoutShowingIt() {
        String wrong = url.replace("password=" + postgres.server().password(), "password=wrong-s3cret");

        assertThatThrownBy(() -> new PostgresMemoryStore(new PostgresMemorySettings(wrong, 1)))
                .hasMessageContaining("ARTIE_MEMORY_POSTGRES_URL")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("wrong-s3cret");
        assertThat(new PostgresMemorySettings(wrong, 1).toString()).doesNotContain("wrong-s3cret");
    }
}
