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
        @Bindable(defaultValue = "10000") @Min(100) long streamMaxLength,
        @Bindable(defaultValue = "12") @Min(1) @Max(100) int deliveryMaxAttempts,
        @Bindable(defaultValue = "1m") @NotNull Duration retryMaxDelay,
        @Bindable(defaultValue = "20s") @NotNull Duration shutdownGrace) {

    public static QueueSettings defaults() {
        return new QueueSettings(
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(15),
                32,
                10_000,
                12,
                Duration.ofMinutes(1),
                Duration.ofSeconds(20));
    }

    /** The same settings with other claim-idle, concurrency and retry delays (tests and benchmarks). */
    public QueueSettings with(Duration claimIdle, int concurrency, Duration retryBaseDelay) {
        return new QueueSettings(
                maxAttempts,
                retryBaseDelay,
                claimIdle,
                concurrency,
                streamMaxLength,
                deliveryMaxAttempts,
                retryMaxDelay,
                shutdownGrace);
    }

    /**
     * How often and how patiently the consumer of {@code stream} retries. A channel's outgoing stream talks to a
     * provider (Twilio, Discord, SMTP) whose outages last minutes, so its deliveries keep trying for minutes; the
     * incoming stream's failures are Artie's own and each attempt may pay for a model call, so they give up sooner.
     */
    public RetryPolicy retriesFor(String stream) {
        return new RetryPolicy(
                Streams.isOutgoing(stream) ? deliveryMaxAttempts : maxAttempts,
                new Backoff(retryBaseDelay, retryMaxDelay));
    }

    /** At most {@code maxAttempts} runs of a handler for one entry, waiting {@code backoff} between them. */
    public record RetryPolicy(int maxAttempts, Backoff backoff) {}
}
