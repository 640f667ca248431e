package dev.artie.capabilities.memory;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * People's memories in one SQLite file: a plain table keyed by channel and person, and an FTS5 index over it
 * (porter stemming, so "foods" finds "food"), ranked by bm25. WAL mode lets readers work while one writes.
 * The schema is created at start: the seed system's FTS table was declared and never created.
 */
@Singleton
public class MemoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStore.class);
    private static final List<String> SCHEMA = List.of("""
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
            // An external-content index keeps its own copy of the words: without this a deleted memory stays findable.
            """
            CREATE TRIGGER IF NOT EXISTS memories_unindexed AFTER DELETE ON memories BEGIN
              INSERT INTO memories_fts(memories_fts, rowid, content) VALUES ('delete', old.id, old.content);
            END""");

    /** One thing a person told Artie. */
    public record Memory(long id, String content, Instant createdAt) {
    }

    private final Connection connection;
    // One connection for the process, used by one thread at a time; memory calls are short.
    private final ReentrantLock lock = new ReentrantLock();

    public MemoryStore(MemorySettings settings) {
        Path file = Path.of(settings.path()).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=5000");
                // Deleted rows are overwritten with zeros, not left in free pages for anyone with the file to read.
                statement.execute("PRAGMA secure_delete=ON");
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            LOG.info("memory store at {}", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of ARTIE_MEMORY_PATH " + file, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the memory store ARTIE_MEMORY_PATH " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Stores what a person said about themselves; the same words twice are kept once. */
    public Memory remember(String channel, String personId, String content) throws SQLException {
        lock.lock();
        try (PreparedStatement existing = connection.prepareStatement(
                "SELECT id, content, created_at FROM memories WHERE channel = ? AND person_id = ? AND content = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO memories(channel, person_id, content, created_at) VALUES (?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            bind(existing, channel, personId, content);
            List<Memory> found = read(existing);
            if (!found.isEmpty()) {
                return found.getFirst();
            }
            Instant now = Instant.now();
            bind(insert, channel, personId, content, now.toString());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new Memory(keys.getLong(1), content, now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The person's newest memories first. */
    public List<Memory> recent(String channel, String personId, int limit) throws SQLException {
        lock.lock();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT id, content, created_at FROM memories WHERE channel = ? AND person_id = ?
                ORDER BY id DESC LIMIT ?""")) {
            bind(query, channel, personId, limit);
            return read(query);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The person's memories that match an FTS5 query (see {@link SearchTerms}), best bm25 rank first.
     */
    public List<Memory> search(String channel, String personId, String ftsQuery, int limit) throws SQLException {
        lock.lock();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT m.id, m.content, m.created_at FROM memories_fts
                JOIN memories m ON m.id = memories_fts.rowid
                WHERE memories_fts MATCH ? AND m.channel = ? AND m.person_id = ?
                ORDER BY bm25(memories_fts), m.id DESC LIMIT ?""")) {
            bind(query, ftsQuery, channel, personId, limit);
            return read(query);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes everything the person told Artie on this channel, index entries included; returns how many memories.
     * Nothing of it stays in the file: secure_delete zeroes the freed pages, the full-text index is merged (a deleted
     * entry's words otherwise stay in older index segments) and the write-ahead log, which still holds the words as
     * they were written, is checkpointed and emptied.
     */
    public int forget(String channel, String personId) throws SQLException {
        lock.lock();
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM memories WHERE channel = ? AND person_id = ?");
             Statement purge = connection.createStatement()) {
            bind(delete, channel, personId);
            int deleted = delete.executeUpdate();
            purge.execute("INSERT INTO memories_fts(memories_fts) VALUES ('optimize')");
            purge.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    /** For the health of the store and tests: the journal mode SQLite actually uses. */
    public String journalMode() throws SQLException {
        lock.lock();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA journal_mode")) {
            return result.next() ? result.getString(1) : "";
        } finally {
            lock.unlock();
        }
    }

    @PreDestroy
    void close() throws SQLException {
        lock.lock();
        try {
            connection.close();
        } finally {
            lock.unlock();
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    private static List<Memory> read(PreparedStatement statement) throws SQLException {
        List<Memory> memories = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                memories.add(new Memory(rows.getLong(1), rows.getString(2), Instant.parse(rows.getString(3))));
            }
        }
        return memories;
    }
}
