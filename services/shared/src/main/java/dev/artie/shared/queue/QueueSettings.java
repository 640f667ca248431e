package dev.artie.shared.queue;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** How consumers read, retry and reclaim; every key is an `ARTIE_QUEUE_*`/`ARTIE_STREAM_*` variable (docs/configuration.md). */
@ConfigurationProperties("artie.queue")
public record QueueSettings(
        @Bindable(defaultValue = "3") @Min(1) @Max(20) int maxAttempts,
        @Bindable(defaultValue = "200ms") @NotNull Duration retryBaseDelay,
        @Bindable(defaultValue = "15s") @NotNull Duration claimIdle,
        @Bindable(defaultValue = "32") @Min(1) @Max(4096) int concurrency,
        @Bindable(defaultValue = "10000") @Min(100) long streamMaxLength) {

    public static QueueSettings defaults() {
        return new QueueSettings(3, Duration.ofMillis(200), Duration.ofSeconds(15), 32, 10_000);
    }

    /** Delay before attempt {@code nextAttempt} (2, 3, ...): base * 2^(n-2) plus up to 50% jitter. */
    public Duration backoff(int nextAttempt, double jitter) {
        long base = retryBaseDelay.toMillis() << Math.max(0, nextAttempt - 2);
        return Duration.ofMillis(base + (long) (base * 0.5 * jitter));
    }
}
