package dev.artie.capabilities;

import dev.artie.capabilities.conversation.Conversation;
import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MalformedMessageException;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamConsumerRegistry;
import dev.artie.shared.queue.StreamEntry;
import dev.artie.shared.queue.StreamHandler;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.queue.WorkInterruptedException;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes each message off the incoming stream, answers it and publishes exactly one reply to the stream it names.
 * A malformed entry is dead-lettered by the consumer (the codec throws); a redelivered message that already has a
 * reply is acknowledged without asking the model again.
 */
@Singleton
public class IncomingMessageHandler implements StreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingMessageHandler.class);

    private final StreamConsumerRegistry consumers;
    private final StreamPublisher publisher;
    private final MessageCodec codec;
    private final Conversation conversation;
    private final MessageCounter messages;
    private final Clock clock;

    public IncomingMessageHandler(
            StreamConsumerRegistry consumers,
            StreamPublisher publisher,
            MessageCodec codec,
            Conversation conversation,
            MessageCounter messages,
            Clock clock) {
        this.consumers = consumers;
        this.publisher = publisher;
        this.codec = codec;
        this.conversation = conversation;
        this.messages = messages;
        this.clock = clock;
    }

    @EventListener
    void start(StartupEvent event) {
        consumers.start(Streams.INCOMING, Streams.CAPABILITIES_GROUP, this);
    }

    /** A message that has its reply is done, whatever its delivery count or crashes say (docs/queue.md). */
    @Override
    public boolean alreadyDone(StreamEntry entry) {
        IncomingMessage message;
        try {
            message = codec.decodeIncoming(entry.payload());
        } catch (MalformedMessageException e) {
            return false; // handle() dead-letters it with the reason
        }
        if (!publisher.alreadyReplied(message.id())) {
            return false;
        }
        count(message, Outcome.DUPLICATE);
        LOG.info("message {} was already answered; acknowledging it again", message.id());
        return true;
    }

    /**
     * One person's messages are answered one at a time, in the order they arrived, whichever replicas take them,
     * so each answer sees the exchanges before it in the history (docs/architecture.md, "Per-person order"): the
     * person is the channel and the person id of the message.
     */
    @Override
    public List<String> orderFields() {
        return IncomingMessage.PERSON_FIELDS;
    }

    @Override
    public void handle(StreamEntry entry) {
        IncomingMessage message = codec.decodeIncoming(entry.payload());
        MDC.put("correlationId", message.correlationId());
        MDC.put("messageId", message.id());
        MDC.put("channel", message.channel());
        try {
            answer(message);
        } finally {
            MDC.remove("correlationId");
            MDC.remove("messageId");
            MDC.remove("channel");
        }
    }

    private void answer(IncomingMessage message) {
        if (publisher.alreadyReplied(message.id())) {
            count(message, Outcome.DUPLICATE);
            LOG.info("message {} was already answered; acknowledging it again", message.id());
            return;
        }
        if (message.expired(Instant.now())) {
            // Its channel stopped waiting (docs/queue.md, expiresAt): no model call for an answer no one reads.
            count(message, Outcome.EXPIRED);
            LOG.info("message {} expired at {} unanswered; dropped", message.id(), message.expiresAt());
            return;
        }
        count(message, Outcome.RECEIVED);
        try {
            Conversation.Answer answer =
                    conversation.answer(message, DeltaWriter.forMessage(message, publisher, codec, clock));
            boolean published = publisher.publishReplyOnce(
                    message.replyTo(), message.id(), codec.encode(message.reply(answer.text(), answer.offline())));
            if (published) {
                conversation.remember(message, answer);
            }
            count(message, published ? Outcome.REPLIED : Outcome.DUPLICATE);
            LOG.info(
                    "answered message {}{} on {}", message.id(), answer.offline() ? " offline" : "", message.replyTo());
        } catch (WorkInterruptedException e) {
            throw e; // the service is stopping: not a failure, the message stays pending
        } catch (RuntimeException e) {
            count(message, Outcome.FAILED);
            throw e;
        }
    }

    private void count(IncomingMessage message, Outcome outcome) {
        messages.count(message.channel(), outcome);
    }
}
