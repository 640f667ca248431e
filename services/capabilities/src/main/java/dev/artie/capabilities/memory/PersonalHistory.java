package dev.artie.capabilities.memory;

/**
 * What a person said in their conversations, kept outside the memory store: forgetting a person must clear it too,
 * since it holds their own words. An interface so memory does not depend on the conversation package that uses it.
 */
public interface PersonalHistory {

    /** Deletes every conversation history of the person on this channel. */
    void forget(String channel, String personId);
}
