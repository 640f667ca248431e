package dev.artie.capabilities.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory contract on a real SQLite file, and what only SQLite promises. */
class SqliteMemoryStoreTest extends MemoryStoreContract {
    @TempDir
    Path dir;

    private int empties;

    private Path file() {
        return dir.resolve("nested/dirs/memory.db");
    }

    @Override
    MemoryStore openStore() {
        return new SqliteMemoryStore(MemorySettings.sqlite(file().toString()));
    }

    @Override
    MemoryStore openEmptyStore() {
        return new SqliteMemoryStore(
                MemorySettings.sqlite(dir.resolve("other-" + ++empties + ".db").toString()));
    }

    @Test
    void searchTermsAreQuotedPrefixesOfThePersonsOwnWordsWithoutFillerWords() {
        String key = PersonScopedWords.key("http", "alice");
        assertThat(key)
                .matches("[a-p]{16}")
                .isNotEqualTo(PersonScopedWords.key("http", "bob"))
                .isNotEqualTo(PersonScopedWords.key("http:alice", ""))
                .isNotEqualTo(PersonScopedWords.key("sms", "alice"));
        assertThat(PersonScopedWords.query(key, SearchTerms.of("What foods do I like?")))
                .isEqualTo("\"" + key + "foods\"* OR \"" + key + "like\"*");
        assertThat(SearchTerms.of("what do you know about me?").isEmpty()).isTrue();
        assertThat(PersonScopedWords.query(key, SearchTerms.of("\"ramen\" OR NEAR(x) *")))
                .isEqualTo("\"" + key + "ramen\"* OR \"" + key + "near\"*");
        assertThat(PersonScopedWords.indexed(key, "Ramen, don't-stop! Ünï 寿司"))
                .isEqualTo(key + "ramen " + key + "don " + key + "t " + key + "stop " + key + "ünï " + key + "寿司");
        assertThat(SearchTerms.of("What's my favourite colour?").webSearchQuery())
                .isEqualTo("favourite or favorite or colour or color");
        assertThat(SearchTerms.otherSpelling("flavours")).contains("flavors");
        assertThat(SearchTerms.otherSpelling("door")).isEmpty();
        assertThat(SearchTerms.otherSpelling("for")).isEmpty();
    }

    @Test
    void usesWalModeInAFileWhoseDirectoriesItCreated() throws Exception {
        remember(ALICE, "my favourite food is ramen");

        assertThat(store.health()).containsEntry("store", "sqlite").containsEntry("journalMode", "wal");
        assertThat(file()).exists();
        assertThat(Path.of(file() + "-wal")).exists();
        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file());
                var rows = other.createStatement().executeQuery("PRAGMA journal_mode")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void forgettingLeavesTheFullTextIndexInStepWithTheTable() throws Exception {
        remember(ALICE, "I was born in Porto");
        remember(ALICE_ON_SMS, "I like sushi");

        memory.erase(ALICE);

        try (var other = DriverManager.getConnection("jdbc:sqlite:" + file());
                var statement = other.createStatement()) {
            try (var rows = statement.executeQuery("SELECT count(*) FROM memories WHERE person_id = 'alice'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("alice's rows on sms stay").isEqualTo(1);
            }
            try (var rows = statement.executeQuery("SELECT count(*) FROM memories_words WHERE memories_words MATCH '"
                    + PersonScopedWords.key("http", "alice") + "porto'")) {
                rows.next();
                assertThat(rows.getInt(1))
                        .as("the index forgot the deleted words")
                        .isZero();
            }
            try (var rows = statement.executeQuery("SELECT count(*) FROM memories_words")) {
                rows.next();
                assertThat(rows.getInt(1)).as("one indexed row per memory").isEqualTo(1);
            }
            statement.execute("INSERT INTO memories_words(memories_words, rank) VALUES('integrity-check', 1)");
        }
    }

    /** Deleted rows stay readable in freed pages, old index segments and the write-ahead log unless purged. */
    @Test
    void forgottenWordsLeaveNoTraceInTheFiles() throws Exception {
        String secret = "xylophonequartzmemory";
        remember(ALICE, "my locker code word is " + secret);
        remember(ALICE, "I was born in Porto");
        remember(BOB, "my favourite food is ramen");

        memory.erase(ALICE);

        assertThat(store.recent("http", "bob", 10)).hasSize(1);
        try (var files = Files.list(file().getParent())) {
            List<Path> all = files.toList();
            assertThat(all)
                    .isNotEmpty()
                    .allSatisfy(each -> assertThat(new String(Files.readAllBytes(each), StandardCharsets.ISO_8859_1))
                            .as(each.getFileName().toString())
                            .doesNotContain(secret)
                            .doesNotContain("Porto"));
        }
    }

    /** A file made before the schema was Flyway's is baselined at V1, moved to V2's index, and keeps its memories. */
    @Test
    void aFileMadeBeforeFlywayKeepsWorking() throws Exception {
        store.close();
        Path old = dir.resolve("before-flyway.db");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + old);
                var statement = connection.createStatement()) {
            // The DDL the store ran at every start before Flyway (commit 36641b9).
            for (String ddl : List.of(
                    """
                    CREATE TABLE IF NOT EXISTS memories (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      channel TEXT NOT NULL,
                      person_id TEXT NOT NULL,
                      content TEXT NOT NULL,
                      created_at TEXT NOT NULL)""",
                    "CREATE INDEX IF NOT EXISTS memories_by_person ON memories(channel, person_id, id)",
                    """
                    CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(
                      content, content='memories', content_rowid='id', tokenize='porter unicode61')""",
                    """
                    CREATE TRIGGER IF NOT EXISTS memories_indexed AFTER INSERT ON memories BEGIN
                      INSERT INTO memories_fts(rowid, content) VALUES (new.id, new.content);
                    END""",
                    """
                    CREATE TRIGGER IF NOT EXISTS memories_unindexed AFTER DELETE ON memories BEGIN
                      INSERT INTO memories_fts(memories_fts, rowid, content) VALUES ('delete', old.id, old.content);
                    END""",
                    "INSERT INTO memories(channel, person_id, content, created_at) VALUES ('http', 'alice', "
                            + "'my favourite food is ramen', '2025-06-01T10:00:00.123456789Z')")) {
                statement.execute(ddl);
            }
        }

        use(track(new SqliteMemoryStore(MemorySettings.sqlite(old.toString()))));
        remember(ALICE, "I was born in Porto");

        assertThat(memory.execute("search", Map.of("query", "what food do I like?"), ALICE))
                .contains("ramen");
        assertThat(store.search("http", "alice", SearchTerms.of("porto"), 10)).hasSize(1);
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + old);
                var rows = connection
                        .createStatement()
                        .executeQuery("SELECT version, type FROM flyway_schema_history ORDER BY installed_rank")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1) + " " + rows.getString(2)).isEqualTo("1 BASELINE");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1) + " " + rows.getString(2)).isEqualTo("2 JDBC");
        }
    }

    @Test
    void anUnwritablePathFailsAtStartWithTheVariableNamed() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> new SqliteMemoryStore(
                        MemorySettings.sqlite(blocker.resolve("memory.db").toString())))
                .hasMessageContaining("ARTIE_MEMORY_PATH");
    }
}
