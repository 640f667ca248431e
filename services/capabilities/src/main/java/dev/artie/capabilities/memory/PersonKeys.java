package dev.artie.capabilities.memory;

/**
 * Redis key names made of a person's channel, id and more, escaped as {@link dev.artie.shared.conversation.PersonKeys}
 * does (the one definition, shared with http-chat, which reads the conversations capabilities writes).
 */
public final class PersonKeys {
    private PersonKeys() {}

    public static String of(String prefix, String... parts) {
        return dev.artie.shared.conversation.PersonKeys.of(prefix, parts);
    }
}
