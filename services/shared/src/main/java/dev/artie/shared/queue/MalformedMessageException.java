package dev.artie.shared.queue;

/** A stream entry that can never be processed: it goes to the dead-letter stream at once, never retried. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String reason) {
        super(reason);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
