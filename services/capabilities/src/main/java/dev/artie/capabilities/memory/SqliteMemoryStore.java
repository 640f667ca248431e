package dev.artie.capabilities.memory;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People's memories in one SQLite file: a plain table keyed by channel and person, and an FTS5 index of their words
 * scoped to each person ({@link PersonScopedWords}; porter stemming, so "foods" finds "food"), ranked by bm25. WAL
 * mode lets readers work while one writes. The schema is Flyway's ({@code db/memory/sqlite} and
 * {@link SqliteWordsPerPerson}); a file made before Flyway is baselined at V1, its schema. This store is the file's
 * only writer: it keeps the index in step with the table itself.
 */
@Context
@Requires(property = MemorySettings.STORE, value = MemorySettings.SQLITE, defaultValue = MemorySettings.SQLITE)
public class SqliteMemoryStore implements MemoryStore {
    private static final MemoryRows.CreatedAt CREATED_AT = (rows, column) -> Instant.parse(rows.getString(column));
    private static final Logger LOG = LoggerFactory.getLogger(SqliteMemoryStore.class);
    private static final String COLUMNS = "id, content, created_at";

    private final Connection connection;
    // One connection for the process, used by one thread at a time; memory calls are short.
    private final ReentrantLock lock = new ReentrantLock();
    // Prepared once: a bulk import inserts a million rows.
    private PreparedStatement insertMemory;
    private PreparedStatement insertWords;

    public SqliteMemoryStore(MemorySettings settings) {
        Path file = Path.of(settings.path()).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            String url = "jdbc:sqlite:" + file;
            connection = DriverManager.getConnection(url);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=5000");
                // Deleted rows are overwritten with zeros, not left in free pages for anyone with the file to read.
                statement.execute("PRAGMA secure_delete=ON");
            }
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:db/memory/sqlite")
                    .javaMigrations(new SqliteWordsPerPerson())
                    .baselineOnMigrate(true)
                    .baselineVersion("1")
                    .load()
                    .migrate();
            LOG.info("memory store at {}", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of ARTIE_MEMORY_PATH " + file, e);
        } catch (SQLException | FlywayException e) {
            throw new IllegalStateException(
                    "cannot open the memory store ARTIE_MEMORY_PATH " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Memory remember(String channel, String personId, String content) throws SQLException {
        lock.lock();
        try (PreparedStatement existing = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM memories WHERE channel = ? AND person_id = ? AND content = ?")) {
            MemoryRows.bind(existing, channel, personId, content);
            List<Memory> found = MemoryRows.read(existing, CREATED_AT);
            if (!found.isEmpty()) {
                return found.getFirst();
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps, so a copy is exact
            return new Memory(inTransaction(() -> insert(channel, personId, content, now)), content, now);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Memory> recent(String channel, String personId, int limit) throws SQLException {
        lock.lock();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM memories WHERE channel = ? AND person_id = ? ORDER BY id DESC LIMIT ?")) {
            MemoryRows.bind(query, channel, personId, limit);
            return MemoryRows.read(query, CREATED_AT);
        } finally {
            lock.unlock();
        }
    }

    /** The words as an FTS5 query of the person's own words ({@link PersonScopedWords}), best bm25 rank first. */
    @Override
    public List<Memory> search(String channel, String personId, SearchTerms terms, int limit) throws SQLException {
        if (terms.isEmpty()) {
            return List.of();
        }
        lock.lock();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT m.id, m.content, m.created_at FROM memories_words
                JOIN memories m ON m.id = memories_words.rowid
                WHERE memories_words MATCH ? AND m.channel = ? AND m.person_id = ?
                ORDER BY bm25(memories_words), m.id DESC LIMIT ?""")) {
            MemoryRows.bind(
                    query,
                    PersonScopedWords.query(PersonScopedWords.key(channel, personId), terms),
                    channel,
                    personId,
                    limit);
            return MemoryRows.read(query, CREATED_AT);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Nothing of the person's memories stays in the file: secure_delete zeroes the freed pages, the full-text index
     * is merged (a deleted entry's words otherwise stay in older index segments) and the write-ahead log, which still
     * holds the words as they were written, is checkpointed and emptied.
     */
    @Override
    public int forget(String channel, String personId) throws SQLException {
        lock.lock();
        try (PreparedStatement unindex = connection.prepareStatement("DELETE FROM memories_words WHERE rowid IN "
                        + "(SELECT id FROM memories WHERE channel = ? AND person_id = ?)");
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM memories WHERE channel = ? AND person_id = ?");
                Statement purge = connection.createStatement()) {
            MemoryRows.bind(unindex, channel, personId);
            MemoryRows.bind(delete, channel, personId);
            int deleted = (int) inTransaction(() -> {
                unindex.executeUpdate();
                return delete.executeUpdate();
            });
            purge.execute("INSERT INTO memories_words(memories_words) VALUES ('optimize')");
            purge.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void exportAll(Consumer<OwnedMemory> sink) throws SQLException {
        lock.lock();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT channel, person_id, content, created_at FROM memories ORDER BY id")) {
            while (rows.next()) {
                sink.accept(new OwnedMemory(
                        rows.getString(1), rows.getString(2), rows.getString(3), Instant.parse(rows.getString(4))));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int importBatch(List<OwnedMemory> batch) throws SQLException {
        lock.lock();
        try (PreparedStatement existing = connection.prepareStatement(
                "SELECT 1 FROM memories WHERE channel = ? AND person_id = ? AND content = ?")) {
            return (int) inTransaction(() -> {
                long added = 0;
                for (OwnedMemory memory : batch) {
                    MemoryRows.bind(existing, memory.channel(), memory.personId(), memory.content());
                    try (ResultSet found = existing.executeQuery()) {
                        if (found.next()) {
                            continue;
                        }
                    }
                    insert(memory.channel(), memory.personId(), memory.content(), memory.createdAt());
                    added++;
                }
                return added;
            });
        } finally {
            lock.unlock();
        }
    }

    /** One memory and its words; the caller holds the lock, in a transaction. @return its id */
    private long insert(String channel, String personId, String content, Instant createdAt) throws SQLException {
        if (insertMemory == null) {
            insertMemory = connection.prepareStatement(
                    "INSERT INTO memories(channel, person_id, content, created_at) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            insertWords = connection.prepareStatement("INSERT INTO memories_words(rowid, words) VALUES (?, ?)");
        }
        MemoryRows.bind(insertMemory, channel, personId, content, createdAt.toString());
        insertMemory.executeUpdate();
        long id;
        try (ResultSet keys = insertMemory.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
        }
        MemoryRows.bind(insertWords, id, PersonScopedWords.indexed(PersonScopedWords.key(channel, personId), content));
        insertWords.executeUpdate();
        return id;
    }

    /** Runs the work in one transaction; the caller holds the lock. */
    private long inTransaction(SqlWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            long result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        long run() throws SQLException;
    }

    /** The journal mode SQLite actually uses. */
    @Override
    public Map<String, Object> health() throws SQLException {
        lock.lock();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA journal_mode")) {
            return Map.of("store", MemorySettings.SQLITE, "journalMode", result.next() ? result.getString(1) : "");
        } finally {
            lock.unlock();
        }
    }

    @Override
    @PreDestroy
    public void close() throws SQLException {
        lock.lock();
        try {
            connection.close();
        } finally {
            lock.unlock();
        }
    }
}
