package dev.artie.shared.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the entries that share an order key (for capabilities: one person) in stream order across every consumer
 * of a group (docs/queue.md, "Order per key"). A consumer group hands entries out in id order, so every entry older
 * than one in hand has been delivered: it is either acknowledged or still pending. An entry therefore waits while
 * the group still has an older pending entry with the same key, whichever consumer holds it. Entries older than
 * the one in hand never join the pending list later, so a look that finds none is final.
 */
final class EntryOrder {
    /** How soon an entry waiting for an older one of its key looks again. */
    static final Duration RECHECK = Duration.ofMillis(25);
    /** More than replicas times slots: how many older pending entries one look reads at most. */
    private static final int LOOK_AT_MOST = 1000;
    /** The older pending entries' ids, idle times and payloads, in one round trip. Exclusive ranges need Redis 6.2. */
    private static final String OLDER_PENDING = """
            local older = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '(' .. ARGV[2], ARGV[3])
            local found = {}
            for _, pending in ipairs(older) do
              local entry = redis.call('XRANGE', KEYS[1], pending[1], pending[1])[1]
              if entry then
                local fields = entry[2]
                for i = 1, #fields, 2 do
                  if fields[i] == ARGV[4] then
                    table.insert(found, pending[1])
                    table.insert(found, tostring(pending[3]))
                    table.insert(found, fields[i + 1])
                  end
                end
              end
            end
            return found
            """;

    /** The oldest pending entry with the key, and how long its holder has not renewed it. */
    record Older(String id, Duration idle) {}

    /** Entries whose keys are remembered: more than {@link #LOOK_AT_MOST}, so that one look never decodes twice. */
    private static final int KEYS_KEPT = 2 * LOOK_AT_MOST;

    private final RedisCommands<String, String> redis;
    private final String stream;
    private final String group;
    private final StreamHandler handler;
    /**
     * The order key of each entry seen lately, by id (an entry's payload never changes): every look at the older
     * pending entries would otherwise decode each of them again, every {@link #RECHECK} while an entry waits, which
     * was the largest cost of the capabilities service's queue under load (docs/benchmarks.md, profile).
     */
    private final Map<String, Optional<String>> keys = new LinkedHashMap<>(KEYS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
            return size() > KEYS_KEPT;
        }
    };

    EntryOrder(RedisCommands<String, String> redis, String stream, String group, StreamHandler handler) {
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.handler = handler;
    }

    /** The oldest entry of the group older than {@code entry} and still pending with the order key {@code key}, or null. */
    Older olderPending(StreamEntry entry, String key) {
        List<String> found = redis.eval(
                OLDER_PENDING,
                ScriptOutputType.MULTI,
                new String[] {stream},
                group,
                entry.id(),
                Integer.toString(LOOK_AT_MOST),
                Streams.MESSAGE_FIELD);
        for (int i = 0; i + 2 < found.size(); i += 3) {
            StreamEntry older = new StreamEntry(stream, found.get(i), found.get(i + 2), 0);
            if (Objects.equals(key, keyOf(older))) {
                return new Older(older.id(), Duration.ofMillis(Long.parseLong(found.get(i + 1))));
            }
        }
        return null;
    }

    /** The entry's order key ({@link StreamHandler#orderKey}), or null; each entry is decoded once. */
    String keyOf(StreamEntry entry) {
        synchronized (keys) {
            Optional<String> known = keys.get(entry.id());
            if (known != null) {
                return known.orElse(null);
            }
        }
        String key = handler.orderKey(entry);
        synchronized (keys) {
            keys.put(entry.id(), Optional.ofNullable(key));
        }
        return key;
    }
}
