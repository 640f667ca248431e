package dev.artie.shared.queue;

import java.time.Duration;

/**
 * Thrown by a handler when the other side asked to be left alone for a while (HTTP 429 with Retry-After): the next
 * attempt waits that long, within the retry back-off's cap ({@link Backoff#delay(int, Duration)}).
 */
public class RetryLaterException extends Exception {
    private final Duration retryAfter;

    public RetryLaterException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the other side asked us to wait; null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
