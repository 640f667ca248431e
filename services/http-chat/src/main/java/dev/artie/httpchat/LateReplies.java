package dev.artie.httpchat;

import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.RedisMarker;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Replies that come after their request gave up (docs/queue.md, "Replies nobody waits for"):
 * parked in Redis for {@link StreamPublisher#PARKED_KEPT}, by any instance, and fetched with
 * {@code GET /api/chat/{messageId}?userId=...} from any instance, by the same {@code userId} only.
 */
@Singleton
class LateReplies {
    private final StreamPublisher publisher;
    private final MessageCodec codec;
    /** Who may still come for each reply, until their request's wait is over. */
    private final RedisMarker awaiting;

    LateReplies(StreamPublisher publisher, MessageCodec codec, StatefulRedisConnection<String, String> redis) {
        this.publisher = publisher;
        this.codec = codec;
        // Each marker is kept for its own wait; this default is never used.
        this.awaiting = new RedisMarker(redis.sync(), "artie:http:awaiting:", Duration.ofSeconds(1));
    }

    /** What a fetch finds: the reply, or that it is still being worked on, or nothing (unknown, expired, not theirs). */
    sealed interface Found {
        record Reply(ReplyMessage reply) implements Found {}

        record Pending() implements Found {}

        record Nothing() implements Found {}
    }

    /** Remembers that {@code userId} may still come for the reply to {@code messageId}, until it expires. */
    void awaiting(String messageId, String userId, Duration until) {
        awaiting.put(messageId, userId, Duration.ofSeconds(Math.max(1, until.toSeconds())));
    }

    void park(ReplyMessage reply) {
        publisher.park(reply.inReplyTo(), codec.encode(reply));
    }

    Found find(String messageId, String userId) {
        String parked = publisher.parked(messageId);
        if (parked != null) {
            ReplyMessage reply = codec.decodeReply(parked);
            return reply.personId().equals(userId) ? new Found.Reply(reply) : new Found.Nothing();
        }
        return awaiting.read(messageId).filter(userId::equals).isPresent() ? new Found.Pending() : new Found.Nothing();
    }
}
