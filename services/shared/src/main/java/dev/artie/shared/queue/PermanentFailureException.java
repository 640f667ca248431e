package dev.artie.shared.queue;

/**
 * Thrown by a handler when trying again cannot help (a provider refused the request itself: an invalid number, an
 * unknown channel, any 4xx but 429): the entry goes to the dead-letter stream at once, with this message as the
 * reason.
 */
public class PermanentFailureException extends Exception {
    public PermanentFailureException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
