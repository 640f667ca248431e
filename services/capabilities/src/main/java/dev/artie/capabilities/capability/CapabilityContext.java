package dev.artie.capabilities.capability;

import java.util.Map;

/**
 * Who is speaking, where: personal capabilities (memory) are scoped by channel and person. {@code replyTo} and
 * {@code metadata} are the incoming message's, so that something said later (a reminder) reaches the person the way
 * the reply does; null and empty where no message is answered.
 */
public record CapabilityContext(
        String channel, String personId, String conversationId, String replyTo, Map<String, String> metadata) {

    public CapabilityContext {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A context with no way back to the person (nothing can be sent to them later). */
    public CapabilityContext(String channel, String personId, String conversationId) {
        this(channel, personId, conversationId, null, Map.of());
    }
}
