package dev.artie.shared.queue;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;

/**
 * A short-lived note kept in Redis under {@code <prefix><id>} that expires after {@code kept}: the one way Artie keeps
 * markers (a message seen, a reply's progress, a person told about a limit). {@link #claim} checks and sets in one
 * step ({@code SET NX}), so of two instances racing for the same id exactly one wins; a marker is never checked with
 * one command and set with another.
 */
public final class RedisMarker {
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final Duration kept;

    public RedisMarker(RedisCommands<String, String> redis, String prefix, Duration kept) {
        this.redis = redis;
        this.prefix = prefix;
        this.kept = kept;
    }

    /** Sets the marker of {@code id} to {@code value} unless it is set; true when this call set it. */
    public boolean claim(String id, String value) {
        return claim(id, value, kept);
    }

    /** As {@link #claim(String, String)}, kept for {@code kept} in place of the marker's own time. */
    public boolean claim(String id, String value, Duration kept) {
        return "OK".equals(redis.set(key(id), value, SetArgs.Builder.nx().px(millis(kept))));
    }

    /** Sets the marker of {@code id} to {@code value}, whatever it held, for the marker's time. */
    public void put(String id, String value) {
        put(id, value, kept);
    }

    /** As {@link #put(String, String)}, kept for {@code kept} in place of the marker's own time. */
    public void put(String id, String value, Duration kept) {
        redis.set(key(id), value, SetArgs.Builder.px(millis(kept)));
    }

    public Optional<String> read(String id) {
        return Optional.ofNullable(redis.get(key(id)));
    }

    /** Reads and removes the marker in one step, so of two takers only one gets it. */
    public Optional<String> take(String id) {
        return Optional.ofNullable(redis.getdel(key(id)));
    }

    public void clear(String id) {
        redis.del(key(id));
    }

    /** The Redis key of {@code id}'s marker, for scripts that set it together with other keys. */
    public String key(String id) {
        return prefix + id;
    }

    public Duration kept() {
        return kept;
    }

    private static long millis(Duration kept) {
        return Math.max(1, kept.toMillis());
    }
}
