package dev.artie.capabilities.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110), clamped to
 * {@link #LONGEST}: the header comes from outside, and a model told to rest for years (or past the end of time,
 * which no clock can add) would be lost until a restart.
 */
final class RetryAfter {
    /** The longest rest a Retry-After can impose; a model still rate-limited then is simply told so again. */
    static final Duration LONGEST = Duration.ofMinutes(15);

    private static final Pattern SECONDS = Pattern.compile("\\d+");

    private RetryAfter() {}

    /** The wait the header asks for, between zero and {@link #LONGEST}; empty when absent or unreadable. */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (SECONDS.matcher(value).matches()) {
            // More digits than a long holds is still "very long".
            return Optional.of(value.length() > 18 ? LONGEST : clamp(Duration.ofSeconds(Long.parseLong(value))));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(clamp(Duration.between(now, at)));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static Duration clamp(Duration wait) {
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
