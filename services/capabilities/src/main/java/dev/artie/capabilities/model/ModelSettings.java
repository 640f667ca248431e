package dev.artie.capabilities.model;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * `ARTIE_MODEL_*` variables (docs/configuration.md).
 *
 * @param apiKey           ARTIE_MODEL_API_KEY, or else OPENROUTER_API_KEY (the key used)
 * @param openrouterApiKey OPENROUTER_API_KEY, the conventional name
 */
@ConfigurationProperties("artie.model")
public record ModelSettings(
        @NotNull URI baseUrl,
        @Nullable String apiKey,
        @Nullable String openrouterApiKey,
        @Nullable List<String> models,
        @Nullable List<String> freeModels,
        @NotNull Duration requestTimeout,
        @NotNull Duration deadline,
        @NotNull Duration cooldown,
        boolean nativeTools,
        int maxTokens) {

    /** ARTIE_MODEL_BASE_URL's default (application.yml; ConfigurationTest checks they agree): it needs a key. */
    public static final URI OPENROUTER = URI.create("https://openrouter.ai/api/v1");

    public ModelSettings {
        if (baseUrl != null
                && (!List.of("http", "https").contains(String.valueOf(baseUrl.getScheme()))
                        || baseUrl.getHost() == null)) {
            throw new IllegalArgumentException(
                    "ARTIE_MODEL_BASE_URL must be an http or https URL, e.g. " + "https://openrouter.ai/api/v1");
        }
        openrouterApiKey = openrouterApiKey == null ? "" : openrouterApiKey.strip();
        apiKey = apiKey == null || apiKey.isBlank() ? openrouterApiKey : apiKey.strip();
        models = models == null ? List.of() : clean(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("ARTIE_MODEL_MODELS must name at least one model");
        }
        freeModels = freeModels == null ? List.of() : clean(freeModels);
        requirePositive(requestTimeout, "ARTIE_MODEL_REQUEST_TIMEOUT");
        requirePositive(deadline, "ARTIE_MODEL_DEADLINE");
        requirePositive(cooldown, "ARTIE_MODEL_COOLDOWN");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("ARTIE_MODEL_MAX_TOKENS must be a positive number of tokens, e.g. 1024");
        }
    }

    /** A key goes into the Authorization header; a keyless local server (llama.cpp, Ollama, vLLM) gets none. */
    public boolean hasApiKey() {
        return !apiKey.isEmpty();
    }

    /**
     * A model to ask: a key, or a base URL of the person's own, as keyless local servers run by default. Only
     * OpenRouter's default URL without a key means no model: every reply is then an offline one.
     */
    public boolean hasModel() {
        return hasApiKey() || !OPENROUTER.equals(baseUrl);
    }

    /** The chat-completions address, whether or not the base URL ends with a slash. */
    public URI completionsUrl() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    }

    /** Never prints the key: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "ModelSettings[baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "(set)" : "(none)")
                + ", models=" + models + ", freeModels=" + freeModels + ", requestTimeout=" + requestTimeout
                + ", deadline=" + deadline + ", cooldown=" + cooldown + ", nativeTools=" + nativeTools
                + ", maxTokens=" + maxTokens + "]";
    }

    private static List<String> clean(List<String> names) {
        return names.stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .distinct()
                .toList();
    }

    private static void requirePositive(Duration value, String variable) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(variable + " must be a positive duration, e.g. 20s");
        }
    }
}
