package dev.artie.shared.channel;

import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.RedisMarker;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamConsumer;
import dev.artie.shared.queue.StreamConsumerRegistry;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every channel does with the queue: hand a person's message to the capabilities service, and take
 * the replies addressed to the channel off its outgoing stream. One implementation for all channels.
 */
@Singleton
public class ChannelQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelQueue.class);

    /** How long {@link #sendOnce} remembers a queued message id: far longer than any mail stays unseen. */
    static final Duration QUEUED_KEPT = Duration.ofDays(7);

    private final StreamPublisher publisher;
    private final StreamConsumerRegistry consumers;
    private final MessageCodec codec;
    private final MessageCounter messages;
    private final MeterRegistry metrics;
    private final RedisMarker queuedIds;

    public ChannelQueue(
            StreamPublisher publisher,
            StreamConsumerRegistry consumers,
            MessageCodec codec,
            MessageCounter messages,
            MeterRegistry metrics,
            StatefulRedisConnection<String, String> redis) {
        this.publisher = publisher;
        this.consumers = consumers;
        this.codec = codec;
        this.messages = messages;
        this.metrics = metrics;
        this.queuedIds = new RedisMarker(redis.sync(), "artie:queued:", QUEUED_KEPT);
    }

    /**
     * Publishes what a person said (made with {@link IncomingMessage#create}) to the incoming stream; the reply
     * will arrive on the message's {@code replyTo} stream.
     */
    public void send(IncomingMessage message) {
        publisher.publish(Streams.INCOMING, codec.encode(message));
        queued(message);
    }

    /**
     * Publishes {@code message} unless a message with its id was queued before (within {@link #QUEUED_KEPT}): the
     * marker {@code artie:queued:<id>} is set and the entry appended in one atomic step, so no crash can leave one
     * without the other. For channels whose message ids are derived from their input (email).
     *
     * @return true when this call queued it, false when it was queued before
     */
    public boolean sendOnce(IncomingMessage message) {
        if (!publisher.publishOnce(Streams.INCOMING, queuedIds, message.id(), codec.encode(message))) {
            return false;
        }
        queued(message);
        return true;
    }

    /** Whether {@link #sendOnce} already queued a message with this id. */
    public boolean alreadyQueued(String messageId) {
        return queuedIds.read(messageId).isPresent();
    }

    private void queued(IncomingMessage message) {
        messages.count(message.channel(), Outcome.RECEIVED);
        MDC.put("correlationId", message.correlationId());
        try {
            LOG.info(
                    "queued message {} from {} ({} chars)",
                    message.id(),
                    message.channel(),
                    message.text().length());
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** Starts delivering the replies of {@code stream} to {@code handler}, as a member of {@code group}. */
    public StreamConsumer onReplies(String stream, String group, ReplyHandler handler) {
        return consumers.start(stream, group, entry -> {
            ReplyMessage reply = codec.decodeReply(entry.payload());
            MDC.put("correlationId", reply.correlationId());
            MDC.put("channel", reply.channel());
            handler.deliver(reply);
            messages.count(reply.channel(), reply.offline() ? Outcome.REPLIED_OFFLINE : Outcome.REPLIED);
            Timer.builder("artie.reply.latency")
                    .tag("channel", reply.channel())
                    .description("From a person's message being queued to its reply being delivered")
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(Duration.between(
                                    reply.receivedAt() == null ? reply.createdAt() : reply.receivedAt(), Instant.now())
                            .abs());
        });
    }
}
