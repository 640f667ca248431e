package dev.artie.email;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Replies already handed to the SMTP server. A reply is acknowledged on its stream after sending; if the service
 * dies in between, the redelivered reply is recognised here and not mailed a second time.
 */
@Singleton
class SentReplies {
    private static final String PREFIX = "artie:email:sent:";
    private static final Duration KEPT = Duration.ofDays(1);

    private final StatefulRedisConnection<String, String> redis;

    SentReplies(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    boolean contains(String replyId) {
        return redis.sync().exists(PREFIX + replyId) > 0;
    }

    void add(String replyId) {
        redis.sync().set(PREFIX + replyId, "1", SetArgs.Builder.ex(KEPT));
    }
}
