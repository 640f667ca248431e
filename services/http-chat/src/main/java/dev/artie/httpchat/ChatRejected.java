package dev.artie.httpchat;

import io.micronaut.http.HttpStatus;

/** A chat request that cannot be answered; {@link ChatErrorHandler} turns it into a {@link ChatError}. */
public class ChatRejected extends RuntimeException {
    private final HttpStatus status;
    private final String code;

    public ChatRejected(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
