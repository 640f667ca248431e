package dev.artie.shared.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the entries that share an order key (for capabilities: one person) in stream order across every consumer
 * of a group (docs/queue.md, "Order per key"). A consumer group hands entries out in id order, so every entry older
 * than one in hand has been delivered: it is either acknowledged or still pending. An entry therefore waits while
 * the group still has an older pending entry with the same key, whichever consumer holds it. Entries older than
 * the one in hand never join the pending list later, so a look that finds none is final.
 */
final class EntryOrder {
    /** How soon an entry waiting for an older one of its key, held by another consumer, looks again. */
    static final Duration RECHECK = Duration.ofMillis(25);
    /** More than replicas times slots: how many older pending entries one look reads at most. */
    private static final int LOOK_AT_MOST = 1000;
    /**
     * The oldest pending entry older than ARGV[2] whose key is the same, with its idle time and holder, in one round
     * trip; false when there is none or ARGV[2] has no key. A key is the order fields' values (ARGV[5..]) of the
     * JSON payload in field ARGV[4]; a payload without them all, as strings, has none (kept as ''). Each entry's key
     * is decoded once and kept in the hash KEYS[2] by entry id until the entry is acknowledged, so a look reads the
     * keys of the older pending entries with one HMGET: reading every one of them again (an XRANGE each, about twenty
     * a message at 1,000 msg/s, docs/benchmarks.md) was most of the queue's work in Redis. The keys are compared
     * here, so no payload goes to the consumer. Exclusive ranges need Redis 6.2.
     */
    private static final String OLDER_PENDING = """
            local function decode(id)
              local entry = redis.call('XRANGE', KEYS[1], id, id)[1]
              local key = ''
              if entry then
                local fields = entry[2]
                for i = 1, #fields, 2 do
                  if fields[i] == ARGV[4] then
                    local ok, message = pcall(cjson.decode, fields[i + 1])
                    if ok and type(message) == 'table' then
                      local parts = {}
                      for j = 5, #ARGV do
                        local value = message[ARGV[j]]
                        if type(value) ~= 'string' then
                          parts = nil
                          break
                        end
                        parts[#parts + 1] = value
                      end
                      if parts then
                        key = cjson.encode(parts)
                      end
                    end
                  end
                end
              end
              redis.call('HSET', KEYS[2], id, key)
              return key
            end
            local mine = redis.call('HGET', KEYS[2], ARGV[2]) or decode(ARGV[2])
            if mine == '' then
              return false
            end
            local older = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '(' .. ARGV[2], ARGV[3])
            if #older == 0 then
              return false
            end
            local ids = {}
            for i, pending in ipairs(older) do
              ids[i] = pending[1]
            end
            local keys = redis.call('HMGET', KEYS[2], unpack(ids))
            for i, pending in ipairs(older) do
              if (keys[i] or decode(pending[1])) == mine then
                return {pending[1], tostring(pending[3]), pending[2]}
              end
            end
            return false
            """;

    /** The oldest pending entry with the key, how long its holder has not renewed it, and who holds it. */
    record Older(String id, Duration idle, String consumer) {}

    private final RedisCommands<String, String> redis;
    private final String stream;
    private final String group;
    private final List<String> orderFields;
    private final String keysHash;

    EntryOrder(RedisCommands<String, String> redis, String stream, String group, List<String> orderFields) {
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.orderFields = List.copyOf(orderFields);
        this.keysHash = "artie:queue:order:" + group + ":" + stream;
    }

    /** The hash of the order keys of entries in hand, by entry id; an entry's goes when it is acknowledged. */
    String keysHash() {
        return keysHash;
    }

    /** Whether the handler orders any entries ({@link StreamHandler#orderFields}). */
    boolean applies() {
        return !orderFields.isEmpty();
    }

    /** The oldest entry of the group older than {@code entry} and still pending with its order key, or null. */
    Older olderPending(StreamEntry entry) {
        List<String> arguments =
                new ArrayList<>(List.of(group, entry.id(), Integer.toString(LOOK_AT_MOST), Streams.MESSAGE_FIELD));
        arguments.addAll(orderFields);
        List<String> found = redis.eval(
                OLDER_PENDING,
                ScriptOutputType.MULTI,
                new String[] {stream, keysHash},
                arguments.toArray(String[]::new));
        if (found == null || found.size() < 3) {
            return null;
        }
        return new Older(found.get(0), Duration.ofMillis(Long.parseLong(found.get(1))), found.get(2));
    }
}
