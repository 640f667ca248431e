package dev.artie.capabilities.memory;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * People's memories, each scoped to one person on one channel. Two implementations, chosen by
 * {@code ARTIE_MEMORY_STORE}: {@link SqliteMemoryStore} (one file, one replica, the default) and
 * {@link PostgresMemoryStore} (any number of replicas). Both pass the same behaviour tests (MemoryStoreContract).
 */
public interface MemoryStore extends AutoCloseable {

    /** One thing a person told Artie. */
    record Memory(long id, String content, Instant createdAt) {}

    /** A memory with its owner, as export, import and copy move it between stores. */
    record OwnedMemory(String channel, String personId, String content, Instant createdAt) {}

    /** Stores what a person said about themselves; the same words twice are kept once. */
    Memory remember(String channel, String personId, String content) throws SQLException;

    /** The person's newest memories first. */
    List<Memory> recent(String channel, String personId, int limit) throws SQLException;

    /** The person's memories that match the search words, best ranked first; none when the terms are empty. */
    List<Memory> search(String channel, String personId, SearchTerms terms, int limit) throws SQLException;

    /**
     * Deletes everything the person told Artie on this channel, the full-text index included; returns how many
     * memories. Afterwards no query of the store finds any of it.
     */
    int forget(String channel, String personId) throws SQLException;

    /** Every memory of every person, oldest first, handed one at a time (the store is never read into memory). */
    void exportAll(Consumer<OwnedMemory> sink) throws SQLException;

    /**
     * Adds one batch of memories in one transaction, keeping their creation times; one already stored for the same
     * person with the same words is skipped, so importing twice (or copying again after a failure) adds nothing.
     * Returns how many were added. {@link MemoryTransfer} cuts a stream of any length into batches.
     */
    int importBatch(List<OwnedMemory> batch) throws SQLException;

    /** What /health shows: which store, and that it answers (throws when it does not). */
    Map<String, Object> health() throws SQLException;

    @Override
    void close() throws SQLException;
}
