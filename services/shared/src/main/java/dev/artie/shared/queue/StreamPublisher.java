package dev.artie.shared.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends entries to streams; the one way any Artie code writes to a stream. A stream past
 * {@code ARTIE_STREAM_MAX_LENGTH} entries is trimmed of entries that every consumer group has read and acknowledged,
 * never of one still unread or pending (docs/queue.md, "Length").
 */
public class StreamPublisher {
    /**
     * Trims {@code stream} by MINID to the oldest entry any group still needs: the first pending one, or the one after
     * the group's last-delivered id, whichever is older. A stream without groups has nobody who read it yet and is
     * not trimmed (the dead-letter stream, which people empty, and a stream whose consumer has not started yet).
     * {@code ~} trims whole nodes only, below that id, never at or above it.
     */
    private static final String TRIM = """
            local function older(a, b)
              local am, as = string.match(a, '^(%d+)-(%d+)$')
              local bm, bs = string.match(b, '^(%d+)-(%d+)$')
              am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
              return am < bm or (am == bm and as < bs)
            end
            local function trim(stream, maxLength)
              if redis.call('XLEN', stream) <= maxLength then
                return
              end
              local keep = nil
              for _, group in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
                local name, needed
                for i = 1, #group, 2 do
                  if group[i] == 'name' then
                    name = group[i + 1]
                  elseif group[i] == 'last-delivered-id' then
                    needed = group[i + 1]
                  end
                end
                local pending = redis.call('XPENDING', stream, name)
                if pending[1] > 0 and older(pending[2], needed) then
                  needed = pending[2]
                end
                if keep == nil or older(needed, keep) then
                  keep = needed
                end
              end
              if keep ~= nil then
                redis.call('XTRIM', stream, 'MINID', '~', keep)
              end
            end
            """;
    /** KEYS[1] the stream; ARGV[1] its maximum length, then field, value, field, value, ... */
    private static final String APPEND = TRIM + """
            local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
            trim(KEYS[1], tonumber(ARGV[1]))
            return id
            """;
    /**
     * Sets a marker key and appends the entry in one atomic step: both happen or neither. Used for "replied"
     * (a message delivered twice can never produce two replies, docs/queue.md "Exactly one reply") and "queued"
     * (a mail read twice is queued once).
     */
    private static final String PUBLISH_ONCE = TRIM + """
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              local id = redis.call('XADD', KEYS[2], '*', ARGV[3], ARGV[4])
              trim(KEYS[2], tonumber(ARGV[2]))
              return id
            end
            return false
            """;
    /**
     * A reply to one instance's stream goes there only while the stream exists (its instance keeps it alive);
     * otherwise it is parked under {@link Streams#parkedReply} for a while rather than creating a stream nobody
     * reads.
     */
    private static final String REPLY_ONCE_TO_INSTANCE = TRIM + """
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              local id = redis.call('XADD', KEYS[2], 'NOMKSTREAM', '*', ARGV[3], ARGV[4])
              if id then
                trim(KEYS[2], tonumber(ARGV[2]))
                return id
              end
              redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5])
              return 'parked'
            end
            return false
            """;
    /** KEYS[1] the delta stream; ARGV[1] its cap, ARGV[2] its expiry in ms, ARGV[3] field, ARGV[4] payload. */
    private static final String APPEND_DELTA = """
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return id
            """;
    /** A delta stream holds about this many entries: each carries all the text, so only the last ones matter. */
    static final int DELTA_MAX_ENTRIES = 100;
    /** Partial replies matter only while a reply is awaited; no reader needs them after this. */
    public static final Duration DELTA_KEPT = Duration.ofMinutes(5);

    static final Duration REPLIED_KEY_TTL = Duration.ofDays(7);
    /** How long a reply nobody waited for stays retrievable (http-chat's {@code GET /api/chat/{messageId}}). */
    public static final Duration PARKED_KEPT = Duration.ofHours(1);

    private final RedisCommands<String, String> redis;
    private final long maxLength;
    private final RedisMarker replied;

    public StreamPublisher(RedisCommands<String, String> redis, long maxLength) {
        this.redis = redis;
        this.maxLength = maxLength;
        this.replied = new RedisMarker(redis, "artie:replied:", REPLIED_KEY_TTL);
    }

    /** Appends a message and returns its entry id. */
    public String publish(String stream, String payload) {
        return publishFields(stream, Map.of(Streams.MESSAGE_FIELD, payload));
    }

    /** Appends several fields (dead letters carry more than the message). */
    String publishFields(String stream, Map<String, String> fields) {
        List<String> arguments = new ArrayList<>(1 + 2 * fields.size());
        arguments.add(Long.toString(maxLength));
        fields.forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        return redis.eval(APPEND, ScriptOutputType.VALUE, new String[] {stream}, arguments.toArray(String[]::new));
    }

    /**
     * Appends the reply to {@code incomingId} unless a reply to it was already published.
     *
     * @return true when this call published the reply, false when one existed
     */
    public boolean publishReplyOnce(String stream, String incomingId, String payload) {
        if (Streams.isInstanceStream(stream)) {
            return redis.eval(
                            REPLY_ONCE_TO_INSTANCE,
                            ScriptOutputType.VALUE,
                            new String[] {replied.key(incomingId), stream, Streams.parkedReply(incomingId)},
                            Long.toString(replied.kept().toSeconds()),
                            Long.toString(maxLength),
                            Streams.MESSAGE_FIELD,
                            payload,
                            Long.toString(PARKED_KEPT.toSeconds()))
                    != null;
        }
        return publishOnce(stream, replied, incomingId, payload);
    }

    /** Appends a partial reply to {@link Streams#deltas}, capped and expiring (docs/queue.md, "Partial replies"). */
    public void publishDelta(String incomingId, String payload) {
        redis.eval(
                APPEND_DELTA,
                ScriptOutputType.VALUE,
                new String[] {Streams.deltas(incomingId)},
                Integer.toString(DELTA_MAX_ENTRIES),
                Long.toString(DELTA_KEPT.toMillis()),
                Streams.MESSAGE_FIELD,
                payload);
    }

    /** Keeps a reply nobody waits for retrievable under {@link Streams#parkedReply}, for {@link #PARKED_KEPT}. */
    public void park(String incomingId, String payload) {
        redis.setex(Streams.parkedReply(incomingId), PARKED_KEPT.toSeconds(), payload);
    }

    /** A parked reply's JSON, or null. */
    public String parked(String incomingId) {
        return redis.get(Streams.parkedReply(incomingId));
    }

    /**
     * Appends {@code payload} unless {@code marker} is set for {@code id}, and claims the marker in the same atomic
     * step.
     *
     * @return true when this call appended the entry, false when the marker was already set
     */
    public boolean publishOnce(String stream, RedisMarker marker, String id, String payload) {
        String entryId = redis.eval(
                PUBLISH_ONCE,
                ScriptOutputType.VALUE,
                new String[] {marker.key(id), stream},
                Long.toString(marker.kept().toSeconds()),
                Long.toString(maxLength),
                Streams.MESSAGE_FIELD,
                payload);
        return entryId != null;
    }

    public boolean alreadyReplied(String incomingId) {
        return replied.read(incomingId).isPresent();
    }
}
