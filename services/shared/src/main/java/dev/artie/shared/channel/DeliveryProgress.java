package dev.artie.shared.channel;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * How many parts of a long reply a channel already delivered. A reply is retried as a whole when one part fails;
 * with this the retry resumes after the last part the provider accepted, so nobody gets part one twice.
 * Kept in Redis, so it survives a restart of the channel between two parts.
 */
@Singleton
public class DeliveryProgress {
    /** Longer than any retry or reclaim of the reply can take. */
    private static final Duration KEPT = Duration.ofDays(1);

    private final StatefulRedisConnection<String, String> redis;

    public DeliveryProgress(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    public int partsSent(String channel, String replyId) {
        String value = redis.sync().get(key(channel, replyId));
        return value == null ? 0 : Integer.parseInt(value);
    }

    public void recordSent(String channel, String replyId, int parts) {
        redis.sync().set(key(channel, replyId), Integer.toString(parts), SetArgs.Builder.ex(KEPT));
    }

    static String key(String channel, String replyId) {
        return "artie:" + channel + ":sent:" + replyId;
    }
}
