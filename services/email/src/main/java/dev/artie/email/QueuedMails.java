package dev.artie.email;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Mails already handed to the queue, by Message-ID. A mail is queued first and marked \Seen second, so a crash in
 * between leaves it unseen; this is how the next pass knows it needs the \Seen flag only, not a second answer.
 */
@Singleton
class QueuedMails {
    private static final String PREFIX = "artie:email:queued:";
    private static final Duration KEPT = Duration.ofDays(7);

    private final StatefulRedisConnection<String, String> redis;

    QueuedMails(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
    }

    boolean contains(String messageId) {
        return redis.sync().exists(PREFIX + messageId) > 0;
    }

    void add(String messageId) {
        redis.sync().set(PREFIX + messageId, "1", SetArgs.Builder.ex(KEPT));
    }
}
