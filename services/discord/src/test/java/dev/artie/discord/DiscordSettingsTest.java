package dev.artie.discord;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service refuses to start with a configuration it cannot work with, and says which variable to fix. */
class DiscordSettingsTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static void start(String token, String apiBaseUrl) {
        try (EmbeddedServer ignored = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "redis.uri",
                        redis.url(),
                        "micronaut.server.port",
                        -1,
                        "artie.discord.token",
                        token,
                        "artie.discord.api-base-url",
                        apiBaseUrl))) {
            throw new AssertionError("started");
        }
    }

    @Test
    void withoutATokenTheStartFailsNamingTheVariable() {
        assertThatThrownBy(() -> start("", "")).hasStackTraceContaining("ARTIE_DISCORD_TOKEN must be set");
    }

    @Test
    void aRestUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> start("some-token", "ftp://example.com/"))
                .hasStackTraceContaining("ARTIE_DISCORD_API_BASE_URL must be an http(s) URL")
                .satisfies(e ->
                        org.assertj.core.api.Assertions.assertThat(e.toString()).doesNotContain("some-token"));
    }
}
