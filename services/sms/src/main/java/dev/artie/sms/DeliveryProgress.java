package dev.artie.sms;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * How many parts of a reply already went out. A reply is retried as a whole when one part fails; this makes the
 * retry resume after the last part Twilio accepted, so nobody gets part one twice.
 */
@Singleton
class DeliveryProgress {
    private static final String PREFIX = "artie:sms:sent:";
    /** Longer than any retry or reclaim of the reply can take. */
    private static final Duration KEPT = Duration.ofDays(1);

    private final StatefulRedisConnection<String, String> redis;

    DeliveryProgress(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    int partsSent(String replyId) {
        String value = redis.sync().get(PREFIX + replyId);
        return value == null ? 0 : Integer.parseInt(value);
    }

    void recordSent(String replyId, int parts) {
        redis.sync().set(PREFIX + replyId, Integer.toString(parts), SetArgs.Builder.ex(KEPT));
    }
}
