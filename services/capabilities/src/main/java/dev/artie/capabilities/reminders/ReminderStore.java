package dev.artie.capabilities.reminders;

import dev.artie.capabilities.memory.PersonKeys;
import dev.artie.capabilities.memory.PersonalHistory;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reminders in Redis (docs/architecture.md, "Reminders"): each one a hash {@code artie:reminder:<id>}; every
 * reminder of every person in one sorted set by due time, {@code artie:reminders:due}, which every replica watches;
 * each person's in a sorted set of their own (listing, the bound, forgetting), and their time zone next to it.
 * Forgetting a person deletes their reminders and their time zone.
 */
@Singleton
public class ReminderStore implements PersonalHistory {
    static final String DUE = "artie:reminders:due";
    /** KEYS: the hash, the person's set, the due set; ARGV: id, due, the bound, then field, value, ... */
    private static final String ADD = """
            if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
              return 0
            end
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
            return 1
            """;
    /** KEYS: the hash, the person's set, the due set; ARGV: id. Only a reminder in the person's own set goes. */
    private static final String CANCEL = """
            if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            return 1
            """;
    /** KEYS: the person's set, the due set, their time zone; ARGV: the hash key prefix. */
    private static final String FORGET = """
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              redis.call('DEL', ARGV[1] .. id)
              redis.call('ZREM', KEYS[2], id)
            end
            return redis.call('DEL', KEYS[1], KEYS[3])
            """;
    /**
     * Winner takes it: a reminder still due (its score not after now) is pushed a lease ahead and its hash returned;
     * any other replica then finds it not due. One whose hash is gone (cancelled) leaves the due set.
     * KEYS: the due set, the hash; ARGV: id, now, lease end (ms).
     */
    private static final String CLAIM = """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not score or tonumber(score) > tonumber(ARGV[2]) then
              return false
            end
            if redis.call('EXISTS', KEYS[2]) == 0 then
              redis.call('ZREM', KEYS[1], ARGV[1])
              return false
            end
            redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
            return redis.call('HGETALL', KEYS[2])
            """;
    /**
     * After the occurrence due at ARGV[2] was published: a repeating reminder moves to its next time (ARGV[3]), a
     * one-off one is deleted. Nothing happens when the hash no longer says that due time (cancelled meanwhile, or
     * another replica finished it). KEYS: the hash, the person's set, the due set; ARGV: id, due, next or "".
     */
    private static final String DONE = """
            if redis.call('HGET', KEYS[1], 'due') ~= ARGV[2] then
              return 0
            end
            if ARGV[3] == '' then
              redis.call('DEL', KEYS[1])
              redis.call('ZREM', KEYS[2], ARGV[1])
              redis.call('ZREM', KEYS[3], ARGV[1])
            else
              redis.call('HSET', KEYS[1], 'due', ARGV[3])
              redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
              redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
            end
            return 1
            """;

    private static final String HASH_PREFIX = "artie:reminder:";

    private final RedisCommands<String, String> redis;

    public ReminderStore(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
    }

    /** Stores the reminder unless the person has {@code most} already; whether it was stored. */
    boolean add(Reminder reminder, int most) {
        List<String> arguments = new ArrayList<>(List.of(reminder.id(), due(reminder), Integer.toString(most)));
        reminder.fields().forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        Long added = redis.eval(
                ADD,
                ScriptOutputType.INTEGER,
                new String[] {hash(reminder.id()), person(reminder.channel(), reminder.personId()), DUE},
                arguments.toArray(String[]::new));
        return added == 1;
    }

    /** The person's reminders, soonest first. */
    List<Reminder> list(String channel, String personId) {
        List<Reminder> reminders = new ArrayList<>();
        for (String id : redis.zrange(person(channel, personId), 0, -1)) {
            Map<String, String> fields = redis.hgetall(hash(id));
            if (!fields.isEmpty()) {
                reminders.add(Reminder.fromFields(id, fields));
            }
        }
        return reminders;
    }

    /** Deletes one of the person's reminders; whether it was theirs and there. */
    boolean cancel(String channel, String personId, String id) {
        Long cancelled = redis.eval(
                CANCEL, ScriptOutputType.INTEGER, new String[] {hash(id), person(channel, personId), DUE}, id);
        return cancelled == 1;
    }

    /** The ids of reminders due by {@code now}, at most {@code limit}; each still has to be {@link #claim}ed. */
    List<String> dueBy(Instant now, int limit) {
        return redis.zrangebyscore(
                DUE, Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()), Limit.create(0, limit));
    }

    /** The reminder, if this replica won it: nobody else takes it for {@code lease}. */
    Optional<Reminder> claim(String id, Instant now, Duration lease) {
        List<String> fields = redis.eval(
                CLAIM,
                ScriptOutputType.MULTI,
                new String[] {DUE, hash(id)},
                id,
                Long.toString(now.toEpochMilli()),
                Long.toString(now.plus(lease).toEpochMilli()));
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            hash.put(fields.get(i), fields.get(i + 1));
        }
        return Optional.of(Reminder.fromFields(id, hash));
    }

    /** The occurrence {@code reminder.due()} is published: on to {@code next}, or gone when there is none. */
    void done(Reminder reminder, Optional<Instant> next) {
        redis.eval(
                DONE,
                ScriptOutputType.INTEGER,
                new String[] {hash(reminder.id()), person(reminder.channel(), reminder.personId()), DUE},
                reminder.id(),
                due(reminder),
                next.map(at -> Long.toString(at.toEpochMilli())).orElse(""));
    }

    Optional<ZoneId> zone(String channel, String personId) {
        return Optional.ofNullable(redis.get(zoneKey(channel, personId))).map(ZoneId::of);
    }

    void setZone(String channel, String personId, ZoneId zone) {
        redis.set(zoneKey(channel, personId), zone.getId());
    }

    @Override
    public void forget(String channel, String personId) {
        redis.eval(
                FORGET,
                ScriptOutputType.INTEGER,
                new String[] {person(channel, personId), DUE, zoneKey(channel, personId)},
                HASH_PREFIX);
    }

    private static String due(Reminder reminder) {
        return Long.toString(reminder.due().toEpochMilli());
    }

    private static String hash(String id) {
        return HASH_PREFIX + id;
    }

    private static String person(String channel, String personId) {
        return PersonKeys.of("artie:reminders:", channel, personId);
    }

    private static String zoneKey(String channel, String personId) {
        return PersonKeys.of("artie:timezone:", channel, personId);
    }
}
