package dev.artie.capabilities.memory;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/** `ARTIE_MEMORY_*` variables (docs/configuration.md). */
@ConfigurationProperties("artie.memory")
public record MemorySettings(@NotBlank String path) {
}
