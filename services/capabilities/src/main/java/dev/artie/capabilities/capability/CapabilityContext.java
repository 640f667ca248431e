package dev.artie.capabilities.capability;

/** Who is speaking, where: personal capabilities (memory) are scoped by channel and person. */
public record CapabilityContext(String channel, String personId, String conversationId) {
}
