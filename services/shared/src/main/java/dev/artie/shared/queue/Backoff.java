package dev.artie.shared.queue;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * The one back-off of Artie's retries: exponential from {@code first}, doubling, capped at {@code max}, each delay
 * randomised by ±50% so that replicas failing together do not retry together (resilience4j's interval function).
 */
public final class Backoff {
    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;

    private final Duration max;
    private final IntervalFunction intervals;

    public Backoff(Duration first, Duration max) {
        Duration firstDelay = first.isPositive() ? first : Duration.ofMillis(1);
        this.max = max.compareTo(firstDelay) < 0 ? firstDelay : max;
        this.intervals = IntervalFunction.ofExponentialRandomBackoff(firstDelay, MULTIPLIER, JITTER, this.max);
    }

    /** The wait after failure number {@code failures} (1, 2, ...). */
    public Duration delay(int failures) {
        return Duration.ofMillis(intervals.apply(Math.max(1, failures)));
    }

    /**
     * The wait after failure number {@code failures} when the other side said how long to wait (HTTP 429's
     * Retry-After): that, kept between nothing and {@code max}, so that a hostile or mistaken value can neither
     * hammer the provider nor park a message for hours.
     */
    public Duration delay(int failures, Duration retryAfter) {
        if (retryAfter == null) {
            return delay(failures);
        }
        if (retryAfter.isNegative()) {
            return Duration.ZERO;
        }
        return retryAfter.compareTo(max) > 0 ? max : retryAfter;
    }
}
