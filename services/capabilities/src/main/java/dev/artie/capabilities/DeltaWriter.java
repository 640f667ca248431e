package dev.artie.capabilities;

import dev.artie.capabilities.model.PartialText;
import dev.artie.shared.queue.DeltaMessage;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one message's partial replies to its delta stream (docs/queue.md, "Partial replies"), at most one text entry
 * per {@link #INTERVAL}: the final reply carries whatever came after the last one. A delta that cannot be written
 * is a lost preview, never a failed message.
 */
final class DeltaWriter implements PartialText {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaWriter.class);
    /** Ten previews a second look live and cost Redis little. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    private final StreamPublisher publisher;
    private final MessageCodec codec;
    private final Clock clock;
    private final String incomingId;
    private long seq;
    private Instant lastWritten = Instant.MIN;

    private DeltaWriter(StreamPublisher publisher, MessageCodec codec, Clock clock, String incomingId) {
        this.publisher = publisher;
        this.codec = codec;
        this.clock = clock;
        this.incomingId = incomingId;
    }

    /** A writer for {@code message} if its channel asked for partial replies, else {@link PartialText#NONE}. */
    static PartialText forMessage(IncomingMessage message, StreamPublisher publisher, MessageCodec codec, Clock clock) {
        return "true".equals(message.metadata().get(Streams.DELTAS_METADATA))
                ? new DeltaWriter(publisher, codec, clock, message.id())
                : PartialText.NONE;
    }

    @Override
    public synchronized void text(String soFar) {
        Instant now = clock.instant();
        if (now.isBefore(lastWritten.plus(INTERVAL))) {
            return;
        }
        lastWritten = now;
        write(DeltaMessage.text(incomingId, ++seq, soFar));
    }

    @Override
    public synchronized void reset() {
        lastWritten = Instant.MIN;
        write(DeltaMessage.reset(incomingId, ++seq));
    }

    private void write(DeltaMessage delta) {
        try {
            publisher.publishDelta(incomingId, codec.encode(delta));
        } catch (RuntimeException e) {
            LOG.warn("cannot write a partial reply of message {}: {}", incomingId, e.getMessage());
        }
    }
}
