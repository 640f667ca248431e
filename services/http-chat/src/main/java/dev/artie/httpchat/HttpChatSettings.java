package dev.artie.httpchat;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** `ARTIE_HTTP_*` variables (docs/configuration.md). */
@ConfigurationProperties("artie.http")
public record HttpChatSettings(@NotNull Duration replyTimeout,
                               @Min(1) @Max(100_000) int maxMessageLength) {
}
