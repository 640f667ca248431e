package dev.artie.capabilities.memory;

import dev.artie.capabilities.memory.MemoryStore.Memory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What both SQL stores do with a statement: set its parameters, and read memories (id, content, created at). */
final class MemoryRows {
    /** How a store reads its creation time: each database keeps it its own way. */
    interface CreatedAt {
        Instant read(ResultSet rows, int column) throws SQLException;
    }

    private MemoryRows() {}

    static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    static List<Memory> read(PreparedStatement statement, CreatedAt createdAt) throws SQLException {
        List<Memory> memories = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                memories.add(new Memory(rows.getLong(1), rows.getString(2), createdAt.read(rows, 3)));
            }
        }
        return memories;
    }
}
