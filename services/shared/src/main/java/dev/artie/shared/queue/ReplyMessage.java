package dev.artie.shared.queue;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/**
 * Artie's answer, on its way back to the channel that asked (docs/queue.md).
 * {@code receivedAt} is the incoming message's {@code createdAt}, so a channel can measure the whole round trip.
 */
@Serdeable
public record ReplyMessage(
        int v,
        String type,
        String id,
        String inReplyTo,
        String correlationId,
        String channel,
        String personId,
        String conversationId,
        String text,
        Instant createdAt,
        boolean offline,
        @Nullable Map<String, String> metadata,
        @Nullable Instant receivedAt) {

    public static final int VERSION = 1;
    public static final String TYPE = "reply";

    public ReplyMessage {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
