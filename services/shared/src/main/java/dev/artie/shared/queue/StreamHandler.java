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
}
