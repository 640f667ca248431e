package dev.artie.shared.queue;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the partial replies of one message (docs/queue.md, "Partial replies") for a channel that shows them. Each
 * entry holds the whole text so far, so only the newest one matters: {@link #newest} reads that one entry
 * ({@code XREVRANGE ... COUNT 1}) and never blocks the shared connection. A preview that cannot be read is a preview
 * not shown, never a failure: the reply still comes on the outgoing stream.
 */
@Singleton
public class DeltaReader {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaReader.class);

    private final StatefulRedisConnection<String, String> redis;
    private final MessageCodec codec;

    public DeltaReader(StatefulRedisConnection<String, String> redis, MessageCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** The newest partial reply of one message, with the id of its entry. */
    public record Delta(String entryId, DeltaMessage message) {
        /** The text to show now: empty after a reset (the model that streamed it failed). */
        public String text() {
            return message.reset() || message.text() == null ? "" : message.text();
        }
    }

    /**
     * The newest partial reply to {@code incomingId} if it is newer than {@code seenEntryId} (null: none seen yet),
     * else empty; empty too when it cannot be read.
     */
    public Optional<Delta> newest(String incomingId, String seenEntryId) {
        try {
            List<StreamMessage<String, String>> last =
                    redis.sync().xrevrange(Streams.deltas(incomingId), Range.create("-", "+"), Limit.from(1));
            if (last.isEmpty() || last.getFirst().getId().equals(seenEntryId)) {
                return Optional.empty();
            }
            StreamMessage<String, String> entry = last.getFirst();
            return Optional.of(
                    new Delta(entry.getId(), codec.decodeDelta(entry.getBody().get(Streams.MESSAGE_FIELD))));
        } catch (RuntimeException e) {
            LOG.debug("cannot read the partial replies of {}: {}", incomingId, e.getMessage());
            return Optional.empty();
        }
    }
}
