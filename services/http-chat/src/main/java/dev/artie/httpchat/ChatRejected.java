package dev.artie.httpchat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import java.time.Duration;

/** A chat request that cannot be answered; {@link ChatErrorHandler} turns it into a {@link ChatError}. */
public class ChatRejected extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final Duration retryAfter;

    public ChatRejected(HttpStatus status, String code, String message) {
        this(status, code, message, null);
    }

    public ChatRejected(HttpStatus status, String code, String message, @Nullable Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** When set, sent as {@code Retry-After} (whole seconds). */
    @Nullable
    public Duration retryAfter() {
        return retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
