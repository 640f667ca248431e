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
    static final Duration REPLIED_KEY_TTL = Duration.ofDays(7);

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
        return publishOnce(stream, repliedKey(incomingId), REPLIED_KEY_TTL, payload);
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
