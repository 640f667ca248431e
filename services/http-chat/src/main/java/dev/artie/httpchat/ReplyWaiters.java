package dev.artie.httpchat;

import dev.artie.shared.queue.ReplyMessage;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The chat requests of this instance that are waiting for their reply, by incoming message id. */
@Singleton
class ReplyWaiters {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyWaiters.class);

    private final Map<String, CompletableFuture<ReplyMessage>> waiting = new ConcurrentHashMap<>();
    private final LateReplies late;

    ReplyWaiters(LateReplies late) {
        this.late = late;
    }

    CompletableFuture<ReplyMessage> expect(String messageId) {
        CompletableFuture<ReplyMessage> future = new CompletableFuture<>();
        waiting.put(messageId, future);
        future.whenComplete((reply, error) -> waiting.remove(messageId));
        return future;
    }

    /** Hands a reply to its waiting request; one whose request already timed out is parked to be fetched. */
    void complete(ReplyMessage reply) {
        CompletableFuture<ReplyMessage> future = waiting.get(reply.inReplyTo());
        if (future == null) {
            late.park(reply);
            LOG.info(
                    "reply to {} arrived after its request gave up; kept for GET /api/chat/{}",
                    reply.inReplyTo(),
                    reply.inReplyTo());
            return;
        }
        future.complete(reply);
    }

    int size() {
        return waiting.size();
    }
}
