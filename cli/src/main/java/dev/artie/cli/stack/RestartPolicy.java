package dev.artie.cli.stack;

import dev.artie.shared.queue.Backoff;
import java.time.Duration;

/**
 * When to restart a child that died, as Kubernetes does for a crash-looping pod: the delay doubles with each
 * consecutive crash up to a ceiling, and a child that ran long enough starts again from the first delay.
 */
public record RestartPolicy(Duration firstDelay, Duration maxDelay, Duration stableAfter) {

    public static RestartPolicy localStack() {
        return new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** @param consecutiveCrashes 1 for the first crash after a stable run */
    public Duration delayAfter(int consecutiveCrashes) {
        return Backoff.exact(firstDelay, maxDelay).delay(consecutiveCrashes);
    }
}
