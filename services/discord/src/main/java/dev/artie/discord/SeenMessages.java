package dev.artie.discord;

import dev.artie.shared.queue.RedisMarker;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Discord message ids already queued. There is meant to be one Discord instance, but for a few seconds there can be
 * two (a rolling update, a pod that is slow to die); both receive every message, and without this each would queue
 * it and the person would get two answers. The first to mark the id wins, atomically (SET NX).
 */
@Singleton
class SeenMessages {
    private static final String PREFIX = "artie:discord:seen:";
    /** Far longer than any overlap of two instances. */
    private static final Duration KEPT = Duration.ofHours(1);

    private final RedisMarker seen;

    SeenMessages(StatefulRedisConnection<String, String> redis) {
        this.seen = new RedisMarker(redis.sync(), PREFIX, KEPT);
    }

    /** True the first time this message id is offered, false ever after (within an hour). */
    boolean firstTime(String messageId) {
        return seen.claim(messageId, "1");
    }
}
