package dev.artie.capabilities.lists;

import dev.artie.capabilities.memory.PersonKeys;
import dev.artie.capabilities.memory.PersonalHistory;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Each person's lists (to-do, shopping, ...) as Redis lists: durable with Redis's persistence, the same for every
 * replica, and bounded. The person's index names their lists, so forgetting them deletes exactly theirs (person ids
 * may contain the ':' a key pattern would split on); forgetting a person forgets their lists with their memories.
 */
@Singleton
public class ListStore implements PersonalHistory {
    static final int MAX_ITEMS = 100;
    static final int MAX_LISTS = 20;
    /** Adds unless the list is full or the person has too many lists: one step, so replicas cannot overfill it. */
    private static final String ADD = """
            if redis.call('SISMEMBER', KEYS[2], KEYS[1]) == 0 and redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then
              return -2
            end
            if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then
              return -1
            end
            redis.call('SADD', KEYS[2], KEYS[1])
            return redis.call('RPUSH', KEYS[1], ARGV[1])
            """;

    private static final String FORGET = """
            for _, list in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              redis.call('DEL', list)
            end
            return redis.call('DEL', KEYS[1])
            """;

    /** Why an item was not added. */
    public static class ListFullException extends Exception {
        ListFullException(String message) {
            super(message);
        }
    }

    private final RedisCommands<String, String> redis;

    public ListStore(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
    }

    public void add(String channel, String personId, String list, String item) throws ListFullException {
        Long added = redis.eval(
                ADD,
                ScriptOutputType.INTEGER,
                new String[] {key(channel, personId, list), index(channel, personId)},
                item,
                String.valueOf(MAX_ITEMS),
                String.valueOf(MAX_LISTS));
        if (added == -1) {
            throw new ListFullException("the " + list + " list is full (at most " + MAX_ITEMS + " items)");
        }
        if (added == -2) {
            throw new ListFullException("you have " + MAX_LISTS + " lists already; clear one first");
        }
    }

    /** The items, oldest first. */
    public List<String> items(String channel, String personId, String list) {
        return redis.lrange(key(channel, personId, list), 0, -1);
    }

    /** The list's names, sorted. */
    public List<String> lists(String channel, String personId) {
        String prefix = key(channel, personId, "");
        return redis.smembers(index(channel, personId)).stream()
                .filter(key -> key.startsWith(prefix))
                .map(key -> key.substring(prefix.length()))
                .filter(name -> redis.exists(key(channel, personId, name)) > 0)
                .sorted()
                .toList();
    }

    /**
     * Removes the first item that is the given text (in any case) or, for a number, the item at that position
     * (1 is the first); the item removed, if one was.
     */
    public Optional<String> tick(String channel, String personId, String list, String item) {
        List<String> items = items(channel, personId, list);
        Optional<String> found = items.stream()
                .filter(each -> each.equalsIgnoreCase(item.strip()))
                .findFirst();
        if (found.isEmpty() && item.strip().matches("[0-9]{1,3}")) {
            int position = Integer.parseInt(item.strip());
            found = position >= 1 && position <= items.size() ? Optional.of(items.get(position - 1)) : Optional.empty();
        }
        found.ifPresent(each -> redis.lrem(key(channel, personId, list), 1, each));
        return found;
    }

    /** Empties the list; how many items it had. */
    public int clear(String channel, String personId, String list) {
        String key = key(channel, personId, list);
        int size = redis.llen(key).intValue();
        redis.del(key);
        redis.srem(index(channel, personId), key);
        return size;
    }

    @Override
    public void forget(String channel, String personId) {
        redis.eval(FORGET, ScriptOutputType.INTEGER, index(channel, personId));
    }

    static String key(String channel, String personId, String list) {
        return PersonKeys.of("artie:list:", channel, personId, list.toLowerCase(Locale.ROOT));
    }

    private static String index(String channel, String personId) {
        return PersonKeys.of("artie:lists:", channel, personId);
    }
}
