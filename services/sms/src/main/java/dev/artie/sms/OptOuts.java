package dev.artie.sms;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
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
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers that texted STOP (and START again), kept twice (docs/security.md, "SMS opt-outs"): in a SQLite file of
 * this service ({@code ARTIE_SMS_OPT_OUT_PATH}, on its volume), which is what makes an opt-out survive the loss of
 * Redis, and in the Redis hash {@code artie:sms:opt-outs}, which shares it with every replica at once. Each change
 * carries its time and the later one wins, in both places; the two are merged both ways at start and every minute,
 * so a recreated Redis gets every opt-out back and every replica's file learns the others' changes. A number Redis
 * does not know (or every number, while Redis is away) is answered from the file.
 *
 * <p>Not a {@link dev.artie.shared.queue.RedisMarker}: an opt-out is a record kept for good (no expiry), merged with
 * the file by the time of each change, and read all at once by the merge; one hash field per number is what that
 * takes.
 */
@Singleton
class OptOuts {
    static final String KEY = "artie:sms:opt-outs";
    /** The set of opted-out numbers before they were kept durably; merged into the file once, then removed. */
    static final String LEGACY_KEY = "artie:sms:opted-out";

    private static final Logger LOG = LoggerFactory.getLogger(OptOuts.class);
    /** Sets field ARGV[1] to "ARGV[2]:ARGV[3]" (time in ms, 1 = opted out) unless it holds a later change. */
    private static final String SET_IF_LATER = """
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if current and tonumber(string.match(current, '^(%d+)')) >= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
            return 1
            """;

    private record Change(long at, boolean optedOut) {
        static Change parse(String value) {
            int colon = value.indexOf(':');
            return new Change(
                    Long.parseLong(value.substring(0, colon)),
                    value.substring(colon + 1).equals("1"));
        }
    }

    private final StatefulRedisConnection<String, String> redis;
    private final Connection file;

    OptOuts(StatefulRedisConnection<String, String> redis, SmsSettings settings) {
        this.redis = redis;
        this.file = open(Path.of(settings.optOutPath()));
    }

    private static Connection open(Path path) {
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // An opt-out is on disk before STOP is answered.
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute("CREATE TABLE IF NOT EXISTS opt_outs (number TEXT PRIMARY KEY,"
                        + " opted_out INTEGER NOT NULL, changed_at INTEGER NOT NULL)");
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of ARTIE_SMS_OPT_OUT_PATH " + path, e);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot open the opt-out store ARTIE_SMS_OPT_OUT_PATH " + path + ": " + e.getMessage(), e);
        }
    }

    void optOut(String number) {
        record(number, new Change(System.currentTimeMillis(), true));
    }

    void optIn(String number) {
        record(number, new Change(System.currentTimeMillis(), false));
    }

    boolean isOptedOut(String number) {
        Optional<Change> shared;
        try {
            shared = Optional.ofNullable(redis.sync().hget(KEY, number)).map(Change::parse);
        } catch (RuntimeException e) {
            LOG.debug(
                    "opt-outs read from the file only (Redis: {})", e.getClass().getSimpleName());
            shared = Optional.empty();
        }
        Optional<Change> durable = inFile(number);
        return later(shared, durable).map(Change::optedOut).orElse(false);
    }

    /** Merges the file and Redis both ways; each number ends with its latest change in both. */
    @PostConstruct
    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    void merge() {
        try {
            for (String number : redis.sync().smembers(LEGACY_KEY)) {
                writeFile(number, new Change(0, true));
            }
            for (Map.Entry<String, String> entry : redis.sync().hgetall(KEY).entrySet()) {
                writeFile(entry.getKey(), Change.parse(entry.getValue()));
            }
            try (Statement statement = file.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT number, opted_out, changed_at FROM opt_outs")) {
                while (rows.next()) {
                    writeRedis(rows.getString(1), new Change(rows.getLong(3), rows.getInt(2) == 1));
                }
            }
            redis.sync().del(LEGACY_KEY);
        } catch (SQLException | RuntimeException e) {
            LOG.warn(
                    "could not merge the SMS opt-outs with Redis ({}); trying again in a minute",
                    e.getClass().getSimpleName());
        }
    }

    private void record(String number, Change change) {
        try {
            writeFile(number, change);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the opt-out change in ARTIE_SMS_OPT_OUT_PATH", e);
        }
        try {
            writeRedis(number, change);
        } catch (RuntimeException e) {
            LOG.warn(
                    "opt-out change kept in the file only until Redis is back ({})",
                    e.getClass().getSimpleName());
        }
    }

    private void writeRedis(String number, Change change) {
        redis.sync()
                .eval(
                        SET_IF_LATER,
                        ScriptOutputType.INTEGER,
                        new String[] {KEY},
                        number,
                        Long.toString(change.at()),
                        change.optedOut() ? "1" : "0");
    }

    private synchronized void writeFile(String number, Change change) throws SQLException {
        try (PreparedStatement statement = file.prepareStatement("INSERT INTO opt_outs VALUES (?, ?, ?)"
                + " ON CONFLICT(number) DO UPDATE SET opted_out = excluded.opted_out, changed_at = excluded.changed_at"
                + " WHERE excluded.changed_at > opt_outs.changed_at")) {
            statement.setString(1, number);
            statement.setInt(2, change.optedOut() ? 1 : 0);
            statement.setLong(3, change.at());
            statement.executeUpdate();
        }
    }

    private synchronized Optional<Change> inFile(String number) {
        try (PreparedStatement statement =
                file.prepareStatement("SELECT opted_out, changed_at FROM opt_outs WHERE number = ?")) {
            statement.setString(1, number);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new Change(row.getLong(2), row.getInt(1) == 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the opt-out store ARTIE_SMS_OPT_OUT_PATH", e);
        }
    }

    private static Optional<Change> later(Optional<Change> a, Optional<Change> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().at() >= b.get().at() ? a : b;
    }

    @PreDestroy
    void close() throws SQLException {
        file.close();
    }
}
