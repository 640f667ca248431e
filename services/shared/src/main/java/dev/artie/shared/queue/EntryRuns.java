package dev.artie.shared.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * How often a handler was started on an entry and how often it came back (returned or threw), kept in Redis so that
 * the count survives a reclaim by another consumer. A run started but never ended was in flight when its consumer
 * died: {@code started - ended} are the crashes an entry was part of (docs/queue.md, "Retries and crashes").
 */
final class EntryRuns {
    /** Longer than any entry stays pending; the key goes when the entry is acknowledged or dead-lettered. */
    private static final Duration KEPT = Duration.ofDays(7);

    private static final String COUNT = """
            local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return value
            """;

    /** Runs so far: started ones, and those of them that ended. */
    record Runs(long started, long ended) {
        long crashes() {
            return Math.max(0, started - ended);
        }
    }

    private final RedisCommands<String, String> redis;
    private final String prefix;

    EntryRuns(RedisCommands<String, String> redis, String stream, String group) {
        this.redis = redis;
        this.prefix = "artie:queue:runs:" + group + ":" + stream + ":";
    }

    Runs load(String entryId) {
        List<String> values = redis.hmget(key(entryId), "started", "ended").stream()
                .map(v -> v.getValueOrElse("0"))
                .toList();
        return new Runs(Long.parseLong(values.get(0)), Long.parseLong(values.get(1)));
    }

    /** Marks a run as started, before the handler runs; returns which run this is (1, 2, ...). */
    long start(String entryId) {
        return count(entryId, "started", 1);
    }

    /** Marks the run as ended (the handler returned or threw). */
    void end(String entryId) {
        count(entryId, "ended", 1);
    }

    /** Takes back a run that was stopped by a shutdown: it neither crashed nor failed. */
    void forget(String entryId) {
        count(entryId, "started", -1);
    }

    /** The keys of the counts are this and the entry id; {@link StreamConsumer} removes them as it acknowledges. */
    String keyPrefix() {
        return prefix;
    }

    private long count(String entryId, String field, int by) {
        Long value = redis.eval(
                COUNT,
                ScriptOutputType.INTEGER,
                new String[] {key(entryId)},
                field,
                Integer.toString(by),
                Long.toString(KEPT.toMillis()));
        return value == null ? 0 : value;
    }

    private String key(String entryId) {
        return prefix + entryId;
    }
}
