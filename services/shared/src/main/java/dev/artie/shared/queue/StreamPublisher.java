package dev.artie.shared.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.Map;

/** Appends entries to capped streams; the one way any Artie code writes to a stream. */
public class StreamPublisher {
    /**
     * Sets the "replied" key and appends the reply in one atomic step, so that a message delivered twice
     * can never produce two replies (docs/queue.md, "Exactly one reply").
     */
    private static final String REPLY_ONCE = """
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
        String entryId = redis.eval(REPLY_ONCE, ScriptOutputType.VALUE,
                new String[]{repliedKey(incomingId), stream},
                Long.toString(REPLIED_KEY_TTL.toSeconds()), Long.toString(maxLength), Streams.MESSAGE_FIELD, payload);
        return entryId != null;
    }

    public boolean alreadyReplied(String incomingId) {
        return redis.exists(repliedKey(incomingId)) > 0;
    }

    static String repliedKey(String incomingId) {
        return "artie:replied:" + incomingId;
    }
}
