package dev.artie.shared.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code ARTIE_RATE_LIMIT_*} variables (docs/configuration.md): how many messages one person, and one channel as a
 * whole, may send per period. Each is a token bucket refilled evenly over its period, so a burst of up to the
 * whole allowance goes through and then one message per period/allowance.
 */
@ConfigurationProperties("artie.rate-limit")
public record RateLimitSettings(
        boolean enabled,
        @Min(1) long perPerson,
        @NotNull Duration personPeriod,
        @Min(1) long perChannel,
        @NotNull Duration channelPeriod) {}
