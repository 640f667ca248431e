package dev.artie.shared.queue;

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
     * Entries with the same key run one at a time in stream order, across every consumer of the group: an entry
     * waits while an older one with its key is still pending (docs/queue.md, "Order per key"). Null (the default,
     * and for a payload the handler cannot read) orders nothing.
     */
    default String orderKey(StreamEntry entry) {
        return null;
    }
}
