package dev.artie.capabilities.memory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People's memories in PostgreSQL, for any number of capabilities replicas: one table, its words a generated
 * {@code tsvector} ('english' stemming, so "foods" finds "food"), searched with {@code websearch_to_tsquery} and
 * ranked by {@code ts_rank_cd} among the person's rows, which the B-tree on channel and person finds (no index on
 * the words: V2 says why); every query is one person's. The schema is Flyway's ({@code db/memory/postgres});
 * replicas starting together migrate once (Flyway locks).
 */
@Context
@Requires(property = MemorySettings.STORE, value = MemorySettings.POSTGRES)
public class PostgresMemoryStore implements MemoryStore {
    private static final MemoryRows.CreatedAt CREATED_AT =
            (rows, column) -> rows.getObject(column, OffsetDateTime.class).toInstant();
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMemoryStore.class);
    private static final int EXPORT_FETCH_SIZE = 1_000;
    /** Parameters: the words ({@link SearchTerms#webSearchQuery()}), channel, person, limit. */
    static final String SEARCH = """
            SELECT id, content, created_at FROM memories, websearch_to_tsquery('english', ?) AS query
            WHERE channel = ? AND person_id = ? AND words @@ query
            ORDER BY ts_rank_cd(words, query) DESC, id DESC LIMIT ?""";

    private final HikariDataSource pool;

    public PostgresMemoryStore(PostgresMemorySettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("artie-memory");
        config.setJdbcUrl(settings.url());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        HikariDataSource started = null;
        try {
            started = new HikariDataSource(config);
            // Its own connections, not the pool's: Flyway holds two at once, more than a pool of one has.
            Flyway.configure()
                    .dataSource(settings.url(), null, null)
                    .locations("classpath:db/memory/postgres")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            // No cause attached: a driver's or the pool's message may quote the URL, password included.
            throw new IllegalStateException("cannot use the memory database of ARTIE_MEMORY_POSTGRES_URL ("
                    + settings.describeUrl() + "): " + withoutSecrets(rootMessage(e), settings.url()));
        }
        pool = started;
        LOG.info("memory store in PostgreSQL at {}", settings.describeUrl());
    }

    @Override
    public Memory remember(String channel, String personId, String content) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO memories(channel, person_id, content, created_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT (channel, person_id, md5(content)) DO NOTHING RETURNING id, content, created_at""");
                PreparedStatement existing = connection.prepareStatement("""
                     SELECT id, content, created_at FROM memories
                     WHERE channel = ? AND person_id = ? AND md5(content) = md5(?)""")) {
            MemoryRows.bind(
                    insert, channel, personId, content, timestamp(Instant.now().truncatedTo(ChronoUnit.MICROS)));
            List<Memory> added = MemoryRows.read(insert, CREATED_AT);
            if (!added.isEmpty()) {
                return added.getFirst();
            }
            MemoryRows.bind(existing, channel, personId, content);
            List<Memory> found = MemoryRows.read(existing, CREATED_AT);
            if (found.isEmpty()) { // forgotten between the two statements
                throw new SQLException("the memory was erased while it was being stored; say it again");
            }
            return found.getFirst();
        }
    }

    @Override
    public List<Memory> recent(String channel, String personId, int limit) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                     SELECT id, content, created_at FROM memories WHERE channel = ? AND person_id = ?
                     ORDER BY id DESC LIMIT ?""")) {
            MemoryRows.bind(query, channel, personId, limit);
            return MemoryRows.read(query, CREATED_AT);
        }
    }

    /** The words as {@code websearch_to_tsquery} ({@link SearchTerms#webSearchQuery()}), best ts_rank_cd first. */
    @Override
    public List<Memory> search(String channel, String personId, SearchTerms terms, int limit) throws SQLException {
        if (terms.isEmpty()) {
            return List.of();
        }
        try (Connection connection = pool.getConnection();
                PreparedStatement query = connection.prepareStatement(SEARCH)) {
            MemoryRows.bind(query, terms.webSearchQuery(), channel, personId, limit);
            return MemoryRows.read(query, CREATED_AT);
        }
    }

    /**
     * One statement deletes the rows and with them their words (a generated column) and, for every query, their
     * index entries; autovacuum later reclaims the space (docs/architecture.md, Memory stores).
     */
    @Override
    public int forget(String channel, String personId) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM memories WHERE channel = ? AND person_id = ?")) {
            MemoryRows.bind(delete, channel, personId);
            return delete.executeUpdate();
        }
    }

    @Override
    public void exportAll(Consumer<OwnedMemory> sink) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false); // else the driver reads every row before the first is handed on
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(EXPORT_FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery(
                        "SELECT channel, person_id, content, created_at FROM memories ORDER BY id")) {
                    while (rows.next()) {
                        sink.accept(new OwnedMemory(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getObject(4, OffsetDateTime.class).toInstant()));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    /** COPY into a temporary table, then one INSERT that skips what is already stored: fast for millions. */
    @Override
    public int importBatch(List<OwnedMemory> batch) throws SQLException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            OwnedMemory memory = batch.get(i);
            csv.append(i)
                    .append(',')
                    .append(quoted(memory.channel()))
                    .append(',')
                    .append(quoted(memory.personId()))
                    .append(',')
                    .append(quoted(memory.content()))
                    .append(',')
                    .append(memory.createdAt())
                    .append('\n');
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TEMPORARY TABLE IF NOT EXISTS memories_import (position INT, channel TEXT,
                        person_id TEXT, content TEXT, created_at TIMESTAMPTZ) ON COMMIT DELETE ROWS""");
                connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("COPY memories_import FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
                int added = statement.executeUpdate("""
                        INSERT INTO memories(channel, person_id, content, created_at)
                        SELECT channel, person_id, content, created_at FROM memories_import ORDER BY position
                        ON CONFLICT (channel, person_id, md5(content)) DO NOTHING""");
                connection.commit();
                return added;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e instanceof SQLException sql ? sql : new SQLException("import failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    @Override
    public Map<String, Object> health() throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version")) {
            return Map.of("store", MemorySettings.POSTGRES, "serverVersion", result.next() ? result.getString(1) : "");
        }
    }

    @Override
    @PreDestroy
    public void close() {
        pool.close();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String withoutSecrets(String message, String url) {
        return message.replace(url, "ARTIE_MEMORY_POSTGRES_URL").replaceAll("(?i)(password=)[^&;\\s]*", "$1****");
    }
}
