package dev.artie.capabilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilitySettings;
import dev.artie.capabilities.conversation.ConversationSettings;
import dev.artie.capabilities.conversation.PersonaSettings;
import dev.artie.capabilities.model.ModelSettings;
import dev.artie.capabilities.web.SearchSettings;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The service's settings: the documented defaults, the API key fallback, and a clear failure at start when wrong. */
class ConfigurationTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    Path dir;

    private ApplicationContext start(Object... properties) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "redis.uri",
                redis.url(),
                "artie.memory.path",
                dir.resolve("memory.db").toString()));
        for (int i = 0; i < properties.length; i += 2) {
            all.put((String) properties[i], properties[i + 1]);
        }
        return ApplicationContext.run(all);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        try (ApplicationContext context = start()) {
            ModelSettings model = context.getBean(ModelSettings.class);
            assertThat(model.baseUrl())
                    .isEqualTo(URI.create("https://openrouter.ai/api/v1"))
                    .as("the default that needs a key")
                    .isEqualTo(ModelSettings.OPENROUTER);
            assertThat(model.completionsUrl()).isEqualTo(URI.create("https://openrouter.ai/api/v1/chat/completions"));
            assertThat(model.models()).containsExactly("openai/gpt-4o-mini", "anthropic/claude-3.5-haiku");
            assertThat(model.freeModels())
                    .containsExactly("meta-llama/llama-3.3-70b-instruct:free", "mistralai/mistral-7b-instruct:free");
            assertThat(model.requestTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(model.deadline()).isEqualTo(Duration.ofSeconds(45));
            assertThat(model.cooldown()).isEqualTo(Duration.ofSeconds(60));
            assertThat(model.nativeTools()).isTrue();
            assertThat(model.hasApiKey())
                    .isEqualTo(System.getenv("ARTIE_MODEL_API_KEY") != null
                            || System.getenv("OPENROUTER_API_KEY") != null);
            assertThat(context.getBean(ConversationSettings.class)).isEqualTo(new ConversationSettings(4, 20, 100));
            assertThat(context.getBean(CapabilitySettings.class))
                    .isEqualTo(new CapabilitySettings(Duration.ofSeconds(5)));
            assertThat(context.getBean(PersonaSettings.class))
                    .isEqualTo(new PersonaSettings("Artie", "friendly, concise", ""));
            SearchSettings search = context.getBean(SearchSettings.class);
            assertThat(search.backend()).isEqualTo(SearchSettings.NONE);
            assertThat(search.enabled()).isFalse();
            assertThat(search.url()).isNull();
            assertThat(search.maxResults()).isEqualTo(5);
        }
    }

    @Test
    void theConventionalOpenRouterKeyIsUsedWhenNoArtieKeyIsSet() {
        try (ApplicationContext context = start("OPENROUTER_API_KEY", "sk-conventional")) {
            assertThat(context.getBean(ModelSettings.class).apiKey()).isEqualTo("sk-conventional");
        }
        try (ApplicationContext context =
                start("OPENROUTER_API_KEY", "sk-conventional", "ARTIE_MODEL_API_KEY", "sk-artie")) {
            assertThat(context.getBean(ModelSettings.class).apiKey()).isEqualTo("sk-artie");
        }
    }

    @Test
    void wrongSettingsStopTheServiceAtStartWithAClearMessage() {
        assertThatThrownBy(
                        () -> start("artie.model.base-url", "ftp://example.com").close())
                .hasStackTraceContaining("ARTIE_MODEL_BASE_URL must be an http or https URL");
        assertThatThrownBy(() ->
                        start("artie.model.base-url", "openrouter.ai/api/v1").close())
                .hasStackTraceContaining("ARTIE_MODEL_BASE_URL must be an http or https URL");
        assertThatThrownBy(() -> start("artie.conversation.max-rounds", 0).close())
                .hasStackTraceContaining("ARTIE_CONVERSATION_MAX_ROUNDS must be between 1 and 20, not 0");
        assertThatThrownBy(() -> start("artie.model.request-timeout", "0s").close())
                .hasStackTraceContaining("ARTIE_MODEL_REQUEST_TIMEOUT must be a positive duration");
        assertThatThrownBy(() -> start("artie.model.models", "").close())
                .hasStackTraceContaining("ARTIE_MODEL_MODELS must name at least one model");
        assertThatThrownBy(() -> start("artie.persona.name", " ").close())
                .hasStackTraceContaining("ARTIE_PERSONA_NAME must be one line of 1 to 60 characters");
        assertThatThrownBy(() ->
                        start("artie.persona.instructions", "x".repeat(4001)).close())
                .hasStackTraceContaining("ARTIE_PERSONA_INSTRUCTIONS must be at most 4000 characters, not 4001");
        assertThatThrownBy(() -> start("artie.search.backend", "searxng").close())
                .hasStackTraceContaining("ARTIE_SEARCH_BACKEND=searxng needs ARTIE_SEARCH_URL");
        assertThatThrownBy(() -> start("artie.search.backend", "brave").close())
                .hasStackTraceContaining("ARTIE_SEARCH_BACKEND=brave needs ARTIE_SEARCH_API_KEY");
    }

    @Test
    void theModelsListReadsCommaSeparatedNames() {
        try (ApplicationContext context = start("artie.model.models", " a/b , c/d:free ,,a/b")) {
            assertThat(context.getBean(ModelSettings.class).models()).isEqualTo(List.of("a/b", "c/d:free"));
        }
    }
}
