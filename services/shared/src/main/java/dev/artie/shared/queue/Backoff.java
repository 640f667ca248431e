package dev.artie.shared.queue;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The one back-off of Artie's retries and reconnects: exponential from {@code first}, doubling, capped at
 * {@code max} (resilience4j's interval functions). {@link #jittered} randomises each delay by ±50%, so that replicas
 * failing together do not retry together; {@link #exact} waits exactly that, for one loop that has no crowd to
 * spread (a mailbox reconnecting, the local stack restarting a child).
 */
public final class Backoff {
    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;

    private final Duration max;
    private final IntervalFunction intervals;

    /** {@code intervals} makes the interval function from the first delay and the cap, each made sensible. */
    private Backoff(Duration first, Duration max, BiFunction<Duration, Duration, IntervalFunction> intervals) {
        Duration firstDelay = first.isPositive() ? first : Duration.ofMillis(1);
        this.max = max.compareTo(firstDelay) < 0 ? firstDelay : max;
        this.intervals = intervals.apply(firstDelay, this.max);
    }

    public static Backoff jittered(Duration first, Duration max) {
        return new Backoff(
                first,
                max,
                (firstDelay, cap) -> IntervalFunction.ofExponentialRandomBackoff(firstDelay, MULTIPLIER, JITTER, cap));
    }

    public static Backoff exact(Duration first, Duration max) {
        return new Backoff(
                first, max, (firstDelay, cap) -> IntervalFunction.ofExponentialBackoff(firstDelay, MULTIPLIER, cap));
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
