package dev.artie.discord;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * `ARTIE_DISCORD_*` variables (docs/configuration.md).
 *
 * @param token      the bot token; a secret, so {@link #toString()} never shows it
 * @param apiBaseUrl Discord's REST API when empty; otherwise a REST proxy (or, in tests, a fake Discord)
 * @param typingMax  how long "Artie is typing…" is kept up while no reply has come
 * @param streamReplies whether a reply is shown as it grows, one message edited, before it is complete
 */
@ConfigurationProperties("artie.discord")
public record DiscordSettings(
        @NotBlank(message = "ARTIE_DISCORD_TOKEN must be set to the bot's token")
        String token,

        @Nullable @Pattern(regexp = "(https?://.*)?", message = "ARTIE_DISCORD_API_BASE_URL must be an http(s) URL")
        String apiBaseUrl,

        @NotNull Duration typingMax,
        boolean streamReplies) {

    boolean hasApiBaseUrl() {
        return apiBaseUrl != null && !apiBaseUrl.isBlank();
    }

    @Override
    public String toString() {
        return "DiscordSettings[token=****, apiBaseUrl=" + apiBaseUrl + ", typingMax=" + typingMax + ", streamReplies="
                + streamReplies + "]";
    }
}
