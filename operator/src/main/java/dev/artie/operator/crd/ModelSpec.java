package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** The OpenAI-compatible endpoint and the models the capabilities service calls. */
public class ModelSpec {
    public static final String DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";

    @Default(DEFAULT_BASE_URL)
    @Pattern("^https?://.+")
    @JsonPropertyDescription("OpenAI-compatible endpoint (OpenRouter, OpenAI, Ollama, vLLM); ARTIE_MODEL_BASE_URL.")
    public String baseUrl = DEFAULT_BASE_URL;

    @JsonPropertyDescription("Models used round-robin (ARTIE_MODEL_MODELS); empty keeps the service's default list.")
    public List<String> models = new ArrayList<>();

    @JsonPropertyDescription(
            "Models used once the endpoint answers 402, no credits (ARTIE_MODEL_FREE_MODELS); empty keeps the service's default list.")
    public List<String> freeModels = new ArrayList<>();

    @JsonPropertyDescription(
            "Secret key holding the endpoint's API key (ARTIE_MODEL_API_KEY); unset means offline replies only.")
    public SecretKeyRef apiKeySecretRef;
}
