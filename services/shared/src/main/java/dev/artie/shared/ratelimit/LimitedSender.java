package dev.artie.shared.ratelimit;

import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For channels that push replies (Discord, SMS, email): {@code limitedSender.send(message)} in place of
 * {@code channelQueue.send(message)}. Within the limits the message is queued as before; beyond them it is not,
 * and a short polite reply goes to the message's own {@code replyTo} stream instead, so the channel delivers it
 * the way it delivers every reply, to the same person and conversation. The HTTP channel answers 429 instead.
 */
@Singleton
public class LimitedSender {
    private static final Logger LOG = LoggerFactory.getLogger(LimitedSender.class);

    private final ChannelQueue queue;
    private final RateLimiter limiter;
    private final StreamPublisher publisher;
    private final MessageCodec codec;

    public LimitedSender(ChannelQueue queue, RateLimiter limiter, StreamPublisher publisher, MessageCodec codec) {
        this.queue = queue;
        this.limiter = limiter;
        this.publisher = publisher;
        this.codec = codec;
    }

    /** Queues {@code message}, or answers it with {@link #politeReply}; true when it was queued. */
    public boolean send(IncomingMessage message) {
        RateLimitDecision decision = limiter.check(message.channel(), message.personId());
        if (decision.allowed()) {
            queue.send(message);
            return true;
        }
        publisher.publishReplyOnce(message.replyTo(), message.id(),
                codec.encode(message.reply(politeReply(decision), false)));
        LOG.info("message {} on {} not queued: {} rate limit", message.id(), message.channel(), decision.scope());
        return false;
    }

    public static String politeReply(RateLimitDecision decision) {
        long seconds = decision.retryAfterSeconds();
        String wait = seconds < 90 ? seconds + " seconds" : ((seconds + 59) / 60) + " minutes";
        return decision.scope().equals("person")
                ? "You're sending messages faster than I can keep up with. Please wait about " + wait
                        + " and try again."
                : "I'm getting more messages than I can handle right now. Please try again in about " + wait + ".";
    }
}
