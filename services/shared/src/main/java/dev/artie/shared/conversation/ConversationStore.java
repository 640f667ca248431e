package dev.artie.shared.conversation;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each person's conversations in Redis, the one definition of their keys: capabilities writes the turns
 * ({@link #append}) and forgets a person ({@link #forget}); http-chat lists, reads and deletes them
 * (docs/http-api.md, "Conversations"). Per person and channel:
 * <ul>
 *   <li>{@code artie:history:<channel>:<person>:<conversation>}: the last turns, a capped list of
 *   {@code {"role","content"}} JSON (the model's chat messages, as the history always stored them);</li>
 *   <li>{@code artie:conversation:<channel>:<person>:<conversation>}: a hash with its title, turn count and last
 *   activity (epoch milliseconds);</li>
 *   <li>{@code artie:conversations:<channel>:<person>}: the index, a sorted set of conversation ids scored by last
 *   activity; at most {@code maxPerPerson} (starting one more drops the one idle longest);</li>
 *   <li>{@code artie:history-index:<channel>:<person>}: the set of turn-list keys forgetting deletes (kept from
 *   before the index, so histories written then are still forgotten);</li>
 *   <li>{@code artie:forget-epoch:<channel>:<person>}: counted up by each forget, so an exchange in flight while
 *   the person is forgotten adds nothing back.</li>
 * </ul>
 * Ids are escaped in key names ({@link PersonKeys}). Everything expires after {@link #IDLE_EXPIRY} without activity.
 */
@Singleton
public class ConversationStore {
    /** A conversation nobody continues for this long is forgotten (memories are kept separately). */
    public static final Duration IDLE_EXPIRY = Duration.ofDays(30);
    /** A title is the start of the conversation's first message, at most this long. */
    public static final int LONGEST_TITLE = 80;

    private static final String ESCAPE = """
            local function esc(id)
              return (string.gsub(string.gsub(id, '%%', '%%25'), ':', '%%3A'))
            end
            """;
    /**
     * KEYS: turns, history-index, epoch, index, meta. ARGV: user turn, assistant turn, LTRIM start, expiry (s), epoch,
     * now (ms), title, most per person, conversation id, turns prefix, meta prefix. Append, trim, index and expire in
     * one step: the list is never seen longer than its bound, nor the index with more than its bound.
     */
    private static final String APPEND = ESCAPE + """
            if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[5] then
              return 0
            end
            local now = tonumber(ARGV[6])
            local expiry = tonumber(ARGV[4])
            redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (now - expiry * 1000))
            if not redis.call('ZSCORE', KEYS[4], ARGV[9]) then
              local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[8]) + 1
              if excess > 0 then
                for _, old in ipairs(redis.call('ZRANGE', KEYS[4], 0, excess - 1)) do
                  local turns = ARGV[10] .. esc(old)
                  redis.call('DEL', turns, ARGV[11] .. esc(old))
                  redis.call('SREM', KEYS[2], turns)
                end
                redis.call('ZREMRANGEBYRANK', KEYS[4], 0, excess - 1)
              end
            end
            redis.call('RPUSH', KEYS[1], ARGV[1], ARGV[2])
            redis.call('LTRIM', KEYS[1], ARGV[3], -1)
            redis.call('EXPIRE', KEYS[1], expiry)
            redis.call('SADD', KEYS[2], KEYS[1])
            redis.call('EXPIRE', KEYS[2], expiry)
            redis.call('ZADD', KEYS[4], now, ARGV[9])
            redis.call('EXPIRE', KEYS[4], expiry)
            redis.call('HSETNX', KEYS[5], 'title', ARGV[7])
            redis.call('HSET', KEYS[5], 'turns', redis.call('LLEN', KEYS[1]), 'updatedAt', now)
            redis.call('EXPIRE', KEYS[5], expiry)
            return 1
            """;
    /**
     * KEYS: history-index, history-index as named before ids were escaped, epoch, index. ARGV: expiry (s), meta
     * prefix. Deletes every conversation, their titles and the indexes at once, and counts up the epoch.
     */
    private static final String FORGET = ESCAPE + """
            for _, index in ipairs({KEYS[1], KEYS[2]}) do
              for _, conversation in ipairs(redis.call('SMEMBERS', index)) do
                redis.call('DEL', conversation)
              end
              redis.call('DEL', index)
            end
            for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
              redis.call('DEL', ARGV[2] .. esc(id))
            end
            redis.call('DEL', KEYS[4])
            redis.call('INCR', KEYS[3])
            return redis.call('EXPIRE', KEYS[3], ARGV[1])
            """;
    /** KEYS: index, history-index. ARGV: oldest kept score, turns prefix, meta prefix, id. 1 when it was there. */
    private static final String DELETE = ESCAPE + """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[4])
            if not score or tonumber(score) < tonumber(ARGV[1]) then
              return 0
            end
            local turns = ARGV[2] .. esc(ARGV[4])
            redis.call('DEL', turns, ARGV[3] .. esc(ARGV[4]))
            redis.call('SREM', KEYS[2], turns)
            redis.call('ZREM', KEYS[1], ARGV[4])
            return 1
            """;
    /** KEYS: index. ARGV: oldest kept score, meta prefix. id, title, turns, updatedAt for each, newest first. */
    private static final String LIST = ESCAPE + """
            local out = {}
            for _, id in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', ARGV[1])) do
              local meta = redis.call('HMGET', ARGV[2] .. esc(id), 'title', 'turns', 'updatedAt')
              if meta[3] then
                table.insert(out, id)
                table.insert(out, meta[1] or '')
                table.insert(out, meta[2] or '0')
                table.insert(out, meta[3])
              end
            end
            return out
            """;

    /** One turn as stored: the role and text of a chat message. */
    @Serdeable
    record Stored(String role, String content) {}

    /** What someone said: {@code role} is "user" (the person) or "assistant" (Artie). */
    @Serdeable
    public record Turn(String role, String text) {}

    /** A conversation in the index: {@code turns} counts the turns kept (what {@link #find} gives). */
    @Serdeable
    public record Summary(String id, String title, long turns, Instant updatedAt) {}

    /** One conversation with its turns, oldest first. */
    @Serdeable
    public record Found(String id, String title, Instant updatedAt, List<Turn> turns) {}

    private final RedisCommands<String, String> redis;
    private final ObjectMapper json;

    public ConversationStore(StatefulRedisConnection<String, String> connection, ObjectMapper json) {
        this.redis = connection.sync();
        this.json = json;
    }

    /** The person's forget epoch now: taken when their message is taken up, handed to {@link #append}. */
    public String epoch(String channel, String personId) {
        String epoch = redis.get(epochKey(channel, personId));
        return epoch == null ? "0" : epoch;
    }

    /**
     * Adds one exchange to the conversation, keeping its last {@code keptTurns} exchanges and the person's
     * {@code maxPerPerson} most recently active conversations, unless the person was forgotten since {@code epoch}.
     *
     * @return whether it was added
     */
    public boolean append(
            String channel,
            String personId,
            String conversationId,
            String epoch,
            String said,
            String answered,
            int keptTurns,
            int maxPerPerson,
            Instant now) {
        Object added = redis.eval(
                APPEND,
                ScriptOutputType.INTEGER,
                new String[] {
                    turnsKey(channel, personId, conversationId),
                    historyIndex(channel, personId),
                    epochKey(channel, personId),
                    index(channel, personId),
                    metaKey(channel, personId, conversationId)
                },
                encode(new Stored("user", said)),
                encode(new Stored("assistant", answered)),
                Long.toString(-2L * keptTurns),
                Long.toString(IDLE_EXPIRY.toSeconds()),
                epoch,
                Long.toString(now.toEpochMilli()),
                title(said),
                Integer.toString(maxPerPerson),
                conversationId,
                prefix("artie:history:", channel, personId),
                prefix("artie:conversation:", channel, personId));
        return Long.valueOf(1).equals(added);
    }

    /** The conversation's turns, oldest first, as stored (for the model's history). */
    public List<Turn> turns(String channel, String personId, String conversationId) {
        List<Turn> turns = new ArrayList<>();
        for (String entry : redis.lrange(turnsKey(channel, personId, conversationId), 0, -1)) {
            try {
                Stored stored = json.readValue(entry, Stored.class);
                turns.add(new Turn(stored.role(), stored.content() == null ? "" : stored.content()));
            } catch (IOException | RuntimeException e) {
                // A corrupt entry costs some context, never the person's reply.
            }
        }
        return turns;
    }

    /** The person's conversations, most recently active first. */
    public List<Summary> list(String channel, String personId, Instant now) {
        List<Object> flat = redis.eval(
                LIST,
                ScriptOutputType.MULTI,
                new String[] {index(channel, personId)},
                Long.toString(oldestKept(now)),
                prefix("artie:conversation:", channel, personId));
        List<Summary> summaries = new ArrayList<>();
        for (int i = 0; i + 3 < flat.size(); i += 4) {
            summaries.add(new Summary(
                    String.valueOf(flat.get(i)),
                    String.valueOf(flat.get(i + 1)),
                    Long.parseLong(String.valueOf(flat.get(i + 2))),
                    Instant.ofEpochMilli(Long.parseLong(String.valueOf(flat.get(i + 3))))));
        }
        return summaries;
    }

    /** The conversation with its turns; empty when the person has none by that id. */
    public Optional<Found> find(String channel, String personId, String conversationId, Instant now) {
        Double score = redis.zscore(index(channel, personId), conversationId);
        if (score == null || score < oldestKept(now)) {
            return Optional.empty();
        }
        var meta = redis.hgetall(metaKey(channel, personId, conversationId));
        if (meta.get("updatedAt") == null) {
            return Optional.empty();
        }
        return Optional.of(new Found(
                conversationId,
                meta.getOrDefault("title", ""),
                Instant.ofEpochMilli(Long.parseLong(meta.get("updatedAt"))),
                turns(channel, personId, conversationId)));
    }

    /** Deletes the conversation; false when the person has none by that id. */
    public boolean delete(String channel, String personId, String conversationId, Instant now) {
        Object deleted = redis.eval(
                DELETE,
                ScriptOutputType.INTEGER,
                new String[] {index(channel, personId), historyIndex(channel, personId)},
                Long.toString(oldestKept(now)),
                prefix("artie:history:", channel, personId),
                prefix("artie:conversation:", channel, personId),
                conversationId);
        return Long.valueOf(1).equals(deleted);
    }

    /** Deletes every conversation of the person on this channel and the index, and counts up their epoch. */
    public void forget(String channel, String personId) {
        redis.eval(
                FORGET,
                ScriptOutputType.INTEGER,
                new String[] {
                    historyIndex(channel, personId),
                    "artie:history-index:" + channel + ":" + personId,
                    epochKey(channel, personId),
                    index(channel, personId)
                },
                Long.toString(IDLE_EXPIRY.toSeconds()),
                prefix("artie:conversation:", channel, personId));
    }

    /** The start of the first message, on one line, at most {@link #LONGEST_TITLE} characters. */
    public static String title(String said) {
        String line = said.strip().replaceAll("\\s+", " ");
        if (line.length() <= LONGEST_TITLE) {
            return line;
        }
        int end = LONGEST_TITLE - 1;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end).stripTrailing() + "…";
    }

    public static String turnsKey(String channel, String personId, String conversationId) {
        return PersonKeys.of("artie:history:", channel, personId, conversationId);
    }

    static String metaKey(String channel, String personId, String conversationId) {
        return PersonKeys.of("artie:conversation:", channel, personId, conversationId);
    }

    static String index(String channel, String personId) {
        return PersonKeys.of("artie:conversations:", channel, personId);
    }

    private static String historyIndex(String channel, String personId) {
        return PersonKeys.of("artie:history-index:", channel, personId);
    }

    /** Kept as long as a history can be, so that no message in flight outlives it. */
    private static String epochKey(String channel, String personId) {
        return PersonKeys.of("artie:forget-epoch:", channel, personId);
    }

    private static String prefix(String prefix, String channel, String personId) {
        return PersonKeys.of(prefix, channel, personId) + ":";
    }

    private static long oldestKept(Instant now) {
        return now.minus(IDLE_EXPIRY).toEpochMilli();
    }

    private String encode(Stored turn) {
        try {
            return json.writeValueAsString(turn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
