package dev.artie.capabilities.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code memory copy|export|import} as a person runs it: the tool's command line on a real SQLite and PostgreSQL. */
class MemoryToolTest {
    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, Object> settings, String... args) {
        out.reset();
        err.reset();
        return MemoryTool.run(
                List.of(args),
                settings,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void copiesEveryMemoryFromSqliteToPostgresAndAgainAddsNothing() throws Exception {
        Path file = dir.resolve("memory.db");
        try (MemoryStore sqlite = new SqliteMemoryStore(MemorySettings.sqlite(file.toString()))) {
            sqlite.remember("http", "alice", "my favourite food is ramen");
            sqlite.remember("http", "alice", "I was born in Porto");
            sqlite.remember("sms", "+15550001", "I like sushi");
        }
        String url = postgres.newDatabase();
        Map<String, Object> settings = Map.of("artie.memory.path", file.toString(), "artie.memory.postgres.url", url);

        assertThat(run(settings, "copy")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("copied 3 memories from SQLite to PostgreSQL: 3 added, 0 already there");
        assertThat(run(settings, "copy")).isZero();
        assertThat(out.toString()).contains("0 added, 3 already there");

        try (MemoryStore sqlite = new SqliteMemoryStore(MemorySettings.sqlite(file.toString()));
                MemoryStore pg = new PostgresMemoryStore(new PostgresMemorySettings(url, 1))) {
            assertThat(all(pg)).isEqualTo(all(sqlite));
            assertThat(pg.search("http", "alice", SearchTerms.of("what foods do I like?"), 10))
                    .extracting(MemoryStore.Memory::content)
                    .containsExactly("my favourite food is ramen");
        }
    }

    @Test
    void exportThenImportRestoresABackupOnEitherStore() throws Exception {
        Path file = dir.resolve("memory.db");
        try (MemoryStore sqlite = new SqliteMemoryStore(MemorySettings.sqlite(file.toString()))) {
            sqlite.remember("http", "alice", "my favourite food is ramen");
            sqlite.remember("discord", "bob", "my cat is called \"Miso\"");
        }
        Path backup = dir.resolve("backup.jsonl");
        String url = postgres.newDatabase();
        Map<String, Object> sqliteSettings = Map.of("artie.memory.path", file.toString());
        Map<String, Object> postgresSettings =
                Map.of("artie.memory.store", "postgres", "artie.memory.postgres.url", url);

        assertThat(run(sqliteSettings, "export", "--file", backup.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("exported 2 memories");
        assertThat(Files.readAllLines(backup)).hasSize(2).first().asString().contains("\"personId\":\"alice\"");

        assertThat(run(postgresSettings, "import", "--file", backup.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("imported 2 memories: 2 added");
        assertThat(run(postgresSettings, "export")).isZero();
        String fromPostgres = out.toString(StandardCharsets.UTF_8);
        assertThat(fromPostgres).isEqualTo(Files.readString(backup));

        Path restored = dir.resolve("restored.db");
        assertThat(run(
                        Map.of("artie.memory.path", restored.toString()),
                        "import",
                        "--store",
                        "sqlite",
                        "--file",
                        backup.toString()))
                .isZero();
        try (MemoryStore sqlite = new SqliteMemoryStore(MemorySettings.sqlite(restored.toString()))) {
            assertThat(sqlite.recent("discord", "bob", 10))
                    .extracting(MemoryStore.Memory::content)
                    .containsExactly("my cat is called \"Miso\"");
        }
    }

    @Test
    void aBrokenBackupOrAMissingUrlIsRefusedWithTheReason() throws Exception {
        Path backup = Files.writeString(dir.resolve("broken.jsonl"), "not json\n");
        Map<String, Object> settings =
                Map.of("artie.memory.path", dir.resolve("memory.db").toString());

        assertThat(run(settings, "import", "--file", backup.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("line 1 is not a memory");

        assertThat(run(settings, "copy")).isEqualTo(1);
        assertThat(err.toString()).contains("ARTIE_MEMORY_POSTGRES_URL");

        assertThat(run(settings, "rename")).isEqualTo(2);
        assertThat(err.toString()).contains("rename");
    }

    private static List<MemoryStore.OwnedMemory> all(MemoryStore store) throws SQLException {
        List<MemoryStore.OwnedMemory> memories = new ArrayList<>();
        store.exportAll(memories::add);
        return memories;
    }
}
