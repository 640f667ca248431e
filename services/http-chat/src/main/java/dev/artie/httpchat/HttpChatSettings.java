package dev.artie.httpchat;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** `ARTIE_HTTP_*` variables (docs/configuration.md). */
@ConfigurationProperties("artie.http")
public record HttpChatSettings(@NotNull Duration replyTimeout,
                               @Nullable String apiToken,
                               @NotNull Duration messageExpiry,
                               @NotNull Duration streamKeepAlive) {

    /** Whether `/api/**` asks for `Authorization: Bearer <ARTIE_HTTP_API_TOKEN>`. */
    boolean tokenRequired() {
        return apiToken != null && !apiToken.isBlank();
    }

    /** Never prints the token: records print their fields, and settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "HttpChatSettings[replyTimeout=" + replyTimeout + ", apiToken=" + (tokenRequired() ? "(set)" : "(none)")
                + ", messageExpiry=" + messageExpiry + ", streamKeepAlive=" + streamKeepAlive + "]";
    }
}
