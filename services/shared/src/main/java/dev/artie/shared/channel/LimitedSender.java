package dev.artie.shared.channel;

import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.RedisMarker;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.ratelimit.RateLimitDecision;
import dev.artie.shared.ratelimit.RateLimiter;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For channels that push replies (Discord, SMS, email): {@code limitedSender.send(message)} in place of
 * {@code channelQueue.send(message)}. A message within the input and rate limits is queued as before. One over a
 * limit is not: a short polite reply goes to the message's own {@code replyTo} stream instead, so the channel
 * delivers it the way it delivers every reply, to the same person and conversation. The HTTP channel answers
 * 400 and 429 instead.
 *
 * <p>Beyond the rate limit only the first refused message of a wait gets the polite reply: a flood of texts or
 * mails (perhaps with a forged sender) must not turn into a flood of replies that cost money or hit a stranger.
 */
@Singleton
public class LimitedSender {
    private static final Logger LOG = LoggerFactory.getLogger(LimitedSender.class);

    private final ChannelQueue queue;
    private final RateLimiter limiter;
    private final InputLimits limits;
    private final StreamPublisher publisher;
    /** Who was told about which limit, until its wait is over: the id of the message that told them. */
    private final RedisMarker told;

    private final MessageCodec codec;
    private final MessageCounter messages;

    public LimitedSender(
            ChannelQueue queue,
            RateLimiter limiter,
            InputLimits limits,
            StreamPublisher publisher,
            StatefulRedisConnection<String, String> redis,
            MessageCodec codec,
            MessageCounter messages) {
        this.queue = queue;
        this.limiter = limiter;
        this.limits = limits;
        this.publisher = publisher;
        // Each marker is kept for its own wait; this default is never used.
        this.told = new RedisMarker(redis.sync(), "artie:rate:told:", Duration.ofSeconds(1));
        this.codec = codec;
        this.messages = messages;
    }

    /** Queues {@code message}, or answers it with why it was not queued; true when it was queued. */
    public boolean send(IncomingMessage message) {
        if (!withinLimits(message)) {
            return false;
        }
        queue.send(message);
        return true;
    }

    /**
     * As {@link #send}, queueing through {@link ChannelQueue#sendOnce}: true when this call queued it; false when
     * it was refused or had been queued before.
     */
    public boolean sendOnce(IncomingMessage message) {
        return withinLimits(message) && queue.sendOnce(message);
    }

    private boolean withinLimits(IncomingMessage message) {
        int length = message.text().length();
        if (length > limits.maxMessageLength()) {
            refuse(message, Outcome.TOO_LONG, limits.tooLongReply(length));
            return false;
        }
        return withinRateLimit(message);
    }

    /**
     * Answers {@code message} with {@code text} without queueing it, counted as {@code artie_messages_total{outcome}}:
     * for input over a limit, including what a channel finds unreadable before it has a text (a mail too large to
     * open, say). A refused message still counts against the rate limit, so refusals cannot be used to flood
     * someone with answers either.
     */
    public void refuse(IncomingMessage message, Outcome outcome, String text) {
        if (!withinRateLimit(message)) {
            return;
        }
        messages.count(message.channel(), outcome);
        LOG.info("message {} on {} not queued: {}", message.id(), message.channel(), outcome.tag());
        reply(message, text);
    }

    /** Takes the message from the rate limit; beyond it, tells the person once per wait and answers false. */
    private boolean withinRateLimit(IncomingMessage message) {
        RateLimitDecision decision = limiter.check(message.channel(), message.personId());
        if (decision.allowed()) {
            return true;
        }
        if (firstRefusalOfTheWait(message, decision)) {
            reply(message, politeReply(decision));
        }
        LOG.info("message {} on {} not queued: {} rate limit", message.id(), message.channel(), decision.scope());
        return false;
    }

    private void reply(IncomingMessage message, String text) {
        publisher.publishReplyOnce(message.replyTo(), message.id(), codec.encode(message.reply(text, false)));
    }

    private boolean firstRefusalOfTheWait(IncomingMessage message, RateLimitDecision decision) {
        String who = message.channel() + ":" + decision.scope() + ":"
                + (decision.scope().equals("person") ? message.personId() : "all");
        try {
            return told.claim(who, message.id(), Duration.ofSeconds(Math.max(1, decision.retryAfterSeconds())));
        } catch (RuntimeException e) {
            return true; // unsure whether they were told: better twice than never
        }
    }

    private static String politeReply(RateLimitDecision decision) {
        long seconds = decision.retryAfterSeconds();
        String wait = seconds < 90 ? seconds + " seconds" : ((seconds + 59) / 60) + " minutes";
        return decision.scope().equals("person")
                ? "You're sending messages faster than I can keep up with. Please wait about " + wait
                        + " and try again."
                : "I'm getting more messages than I can handle right now. Please try again in about " + wait + ".";
    }
}
