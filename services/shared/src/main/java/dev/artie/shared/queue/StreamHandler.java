package dev.artie.shared.queue;

import java.util.List;

/**
 * Works on one entry. Returning normally acknowledges it; throwing {@link MalformedMessageException} or
 * {@link PermanentFailureException} sends it to the dead-letter stream at once; {@link WorkInterruptedException}
 * (or an interrupt) leaves it pending; any other exception is retried with backoff, then dead-lettered.
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(StreamEntry entry) throws Exception;

    /**
     * True when the entry's effect already happened (a reply to the message exists): the entry is acknowledged
     * without running the handler, before its attempts or crashes are counted against it.
     */
    default boolean alreadyDone(StreamEntry entry) {
        return false;
    }

    /**
     * Entries whose JSON payloads have the same values in these fields (their order key) run one at a time in stream
     * order, across every consumer of the group: an entry waits while an older one with its key is still pending
     * (docs/queue.md, "Order per key"). Empty (the default) orders nothing; a payload that is no JSON object or lacks
     * one of the fields as a string has no key, and holds up nobody.
     */
    default List<String> orderFields() {
        return List.of();
    }
}
