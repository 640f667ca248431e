package dev.artie.shared.queue;

/**
 * Works on one entry. Returning normally acknowledges it; throwing {@link MalformedMessageException} sends it
 * to the dead-letter stream at once; any other exception is retried with backoff, then dead-lettered.
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(StreamEntry entry) throws Exception;
}
