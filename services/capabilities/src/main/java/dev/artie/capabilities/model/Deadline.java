package dev.artie.capabilities.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The time left for all model calls of one message, across every attempt and round. */
public record Deadline(Instant end, Clock clock) {

    public static Deadline in(Duration budget, Clock clock) {
        return new Deadline(clock.instant().plus(budget), clock);
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean expired() {
        return remaining().isZero();
    }
}
