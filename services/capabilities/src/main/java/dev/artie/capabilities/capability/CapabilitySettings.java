package dev.artie.capabilities.capability;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** `ARTIE_CAPABILITY_*` variables (docs/configuration.md). */
@ConfigurationProperties("artie.capability")
public record CapabilitySettings(@NotNull Duration timeout) {
    public CapabilitySettings {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("ARTIE_CAPABILITY_TIMEOUT must be a positive duration, e.g. 5s");
        }
    }
}
