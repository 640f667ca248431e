package dev.artie.capabilities.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * SQLite V2: the full-text index becomes person-scoped ({@link PersonScopedWords}), filled from the memories a V1
 * file holds; the store writes it itself (a trigger cannot compute the owner's key). Flyway runs it in one
 * transaction, so a failure leaves the V1 file as it was.
 */
final class SqliteWordsPerPerson implements JavaMigration {
    static final String TABLE = "memories_words";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "person-scoped words";
    }

    @Override
    public Integer getChecksum() {
        return 2; // a Java migration has no file to hash; change this when its meaning changes
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            // contentless_delete: a forgotten row can be deleted from the index by rowid alone.
            statement.execute("CREATE VIRTUAL TABLE " + TABLE + " USING fts5(words, content='', "
                    + "contentless_delete=1, tokenize='porter unicode61')");
            try (PreparedStatement insert =
                            connection.prepareStatement("INSERT INTO " + TABLE + "(rowid, words) VALUES (?, ?)");
                    ResultSet rows = statement.executeQuery("SELECT id, channel, person_id, content FROM memories")) {
                while (rows.next()) {
                    insert.setLong(1, rows.getLong(1));
                    insert.setString(
                            2,
                            PersonScopedWords.indexed(
                                    PersonScopedWords.key(rows.getString(2), rows.getString(3)), rows.getString(4)));
                    insert.executeUpdate();
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER memories_indexed");
            statement.execute("DROP TRIGGER memories_unindexed");
            statement.execute("DROP TABLE memories_fts");
        }
    }
}
