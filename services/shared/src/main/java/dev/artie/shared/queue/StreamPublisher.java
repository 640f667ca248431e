package dev.artie.shared.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.Map;

/** Appends entries to capped streams; the one way any Artie code writes to a stream. */
public class StreamPublisher {
    /**
     * Sets a marker key and appends the entry in one atomic step: both happen or neither. Used for "replied"
     * (a message delivered twice can never produce two replies, docs/queue.md "Exactly one reply") and "queued"
     * (a mail read twice is queued once).
     */
    private static final String PUBLISH_ONCE = """
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', ARGV[3], ARGV[4])
            end
            return false
            """;
    /**
     * A reply to one instance's stream goes there only while the stream exists (its instance keeps it alive);
     * otherwise it is parked under {@link Streams#parkedReply} for a while rather than creating a stream nobody
     * reads.
     */
    private static final String REPLY_ONCE_TO_INSTANCE = """
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              local id = redis.call('XADD', KEYS[2], 'NOMKSTREAM', 'MAXLEN', '~', ARGV[2], '*', ARGV[3], ARGV[4])
              if id then
                return id
              end
              redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5])
              return 'parked'
            end
            return false
            """;
    static final Duration REPLIED_KEY_TTL = Duration.ofDays(7);
    /** How long a reply nobody waited for stays retrievable (http-chat's {@code GET /api/chat/{messageId}}). */
    public static final Duration PARKED_KEPT = Duration.ofHours(1);

    private final RedisCommands<String, String> redis;
    private final long maxLength;

    public StreamPublisher(RedisCommands<String, String> redis, long maxLength) {
        this.redis = redis;
        this.maxLength = maxLength;
    }

    /** Appends a message and returns its entry id. */
    public String publish(String stream, String payload) {
        return redis.xadd(stream, new XAddArgs().maxlen(maxLength).approximateTrimming(),
                Map.of(Streams.MESSAGE_FIELD, payload));
    }

    /** Appends several fields (dead letters carry more than the message). */
    String publishFields(String stream, Map<String, String> fields) {
        return redis.xadd(stream, new XAddArgs().maxlen(maxLength).approximateTrimming(), fields);
    }

    /**
     * Appends the reply to {@code incomingId} unless a reply to it was already published.
     *
     * @return true when this call published the reply, false when one existed
     */
    public boolean publishReplyOnce(String stream, String incomingId, String payload) {
        if (Streams.isInstanceStream(stream)) {
            return redis.eval(REPLY_ONCE_TO_INSTANCE, ScriptOutputType.VALUE,
                    new String[]{repliedKey(incomingId), stream, Streams.parkedReply(incomingId)},
                    Long.toString(REPLIED_KEY_TTL.toSeconds()), Long.toString(maxLength), Streams.MESSAGE_FIELD,
                    payload, Long.toString(PARKED_KEPT.toSeconds())) != null;
        }
        return publishOnce(stream, repliedKey(incomingId), REPLIED_KEY_TTL, payload);
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
     * Appends {@code payload} unless {@code markerKey} exists, and sets the marker (kept for {@code kept}) in the
     * same atomic step.
     *
     * @return true when this call appended the entry, false when the marker was already set
     */
    public boolean publishOnce(String stream, String markerKey, Duration kept, String payload) {
        String entryId = redis.eval(PUBLISH_ONCE, ScriptOutputType.VALUE, new String[]{markerKey, stream},
                Long.toString(kept.toSeconds()), Long.toString(maxLength), Streams.MESSAGE_FIELD, payload);
        return entryId != null;
    }

    public boolean exists(String key) {
        return redis.exists(key) > 0;
    }

    public boolean alreadyReplied(String incomingId) {
        return exists(repliedKey(incomingId));
    }

    static String repliedKey(String incomingId) {
        return "artie:replied:" + incomingId;
    }
}
