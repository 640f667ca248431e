package dev.artie.shared.ratelimit;

import java.time.Duration;

/**
 * The answer of {@link RateLimiter#check}: allowed, or refused with how long until one more message would be
 * allowed ({@code retryAfter}, whole seconds, at least one) and which limit refused it ({@code "person"} or
 * {@code "channel"}).
 */
public record RateLimitDecision(boolean allowed, Duration retryAfter, String scope) {
    static final RateLimitDecision ALLOWED = new RateLimitDecision(true, Duration.ZERO, "");

    static RateLimitDecision refused(String scope, long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return new RateLimitDecision(false, Duration.ofSeconds(seconds), scope);
    }

    /** Seconds for an HTTP {@code Retry-After} header or a person-facing sentence. */
    public long retryAfterSeconds() {
        return retryAfter.toSeconds();
    }
}
