package dev.artie.shared.queue;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.ConversionService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How consumers read, retry and reclaim; every key is an `ARTIE_QUEUE_*`/`ARTIE_STREAM_*` variable (docs/configuration.md).
 * Each default is stated here once: binding and {@link #defaults()} use it, and {@code QueueSettingsTest} checks
 * artie-shared.yml's placeholders (which docs/configuration.md is checked against) against it.
 */
@ConfigurationProperties("artie.queue")
public record QueueSettings(
        @Bindable(defaultValue = "" + DEFAULT_MAX_ATTEMPTS) @Min(1) @Max(20)
        int maxAttempts,

        @Bindable(defaultValue = DEFAULT_RETRY_BASE_DELAY) @NotNull
        Duration retryBaseDelay,

        @Bindable(defaultValue = DEFAULT_CLAIM_IDLE) @NotNull
        Duration claimIdle,

        @Bindable(defaultValue = "" + DEFAULT_CONCURRENCY) @Min(1) @Max(4096)
        int concurrency,

        @Bindable(defaultValue = "" + DEFAULT_STREAM_MAX_LENGTH) @Min(100)
        long streamMaxLength,

        @Bindable(defaultValue = "" + DEFAULT_DELIVERY_MAX_ATTEMPTS) @Min(1) @Max(100)
        int deliveryMaxAttempts,

        @Bindable(defaultValue = DEFAULT_RETRY_MAX_DELAY) @NotNull
        Duration retryMaxDelay,

        @Bindable(defaultValue = DEFAULT_SHUTDOWN_GRACE) @NotNull
        Duration shutdownGrace) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final String DEFAULT_RETRY_BASE_DELAY = "200ms";
    public static final String DEFAULT_CLAIM_IDLE = "15s";
    public static final int DEFAULT_CONCURRENCY = 32;
    public static final long DEFAULT_STREAM_MAX_LENGTH = 10_000;
    /** The variable artie-shared.yml reads streamMaxLength from; the command line, which binds no record, reads it too. */
    public static final String STREAM_MAX_LENGTH_VARIABLE = "ARTIE_STREAM_MAX_LENGTH";

    public static final int DEFAULT_DELIVERY_MAX_ATTEMPTS = 12;
    public static final String DEFAULT_RETRY_MAX_DELAY = "1m";
    public static final String DEFAULT_SHUTDOWN_GRACE = "20s";

    /** The settings of a service that sets none (code without an application context: tests, the CLI). */
    public static QueueSettings defaults() {
        return new QueueSettings(
                DEFAULT_MAX_ATTEMPTS,
                duration(DEFAULT_RETRY_BASE_DELAY),
                duration(DEFAULT_CLAIM_IDLE),
                DEFAULT_CONCURRENCY,
                DEFAULT_STREAM_MAX_LENGTH,
                DEFAULT_DELIVERY_MAX_ATTEMPTS,
                duration(DEFAULT_RETRY_MAX_DELAY),
                duration(DEFAULT_SHUTDOWN_GRACE));
    }

    /** A duration as configuration writes it ("200ms", "1m"), read as Micronaut reads it. */
    private static Duration duration(String configured) {
        return ConversionService.SHARED.convertRequired(configured, Duration.class);
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
                Backoff.jittered(retryBaseDelay, retryMaxDelay));
    }

    /** At most {@code maxAttempts} runs of a handler for one entry, waiting {@code backoff} between them. */
    public record RetryPolicy(int maxAttempts, Backoff backoff) {}
}
