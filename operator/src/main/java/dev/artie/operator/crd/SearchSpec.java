package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The web search backend of the capabilities service (ARTIE_SEARCH_*); none offers no search. */
@ValidationRule(
        value = "!has(self.backend) || self.backend != 'searxng' || has(self.url)",
        message =
                "capabilities.search.url, the SearXNG instance, is required when capabilities.search.backend is searxng")
@ValidationRule(
        value = "!has(self.backend) || self.backend != 'brave' || has(self.apiKeySecretRef)",
        message = "capabilities.search.apiKeySecretRef is required when capabilities.search.backend is brave")
public class SearchSpec {
    public static final String NONE = "none";
    public static final String BRAVE = "brave";

    @Default(NONE)
    @Pattern("^(none|searxng|brave)$")
    @JsonPropertyDescription(
            "Web search backend (ARTIE_SEARCH_BACKEND): searxng, the SearXNG instance at url; brave, the"
                    + " Brave Search API with apiKeySecretRef; none offers the model no search.")
    public String backend = NONE;

    @Pattern("^https?://.+")
    @JsonPropertyDescription("The SearXNG instance, e.g. http://searxng.search.svc:8080 (ARTIE_SEARCH_URL); with brave,"
            + " unset means https://api.search.brave.com. Trusted: private addresses are allowed.")
    public String url;

    @JsonPropertyDescription("Secret key holding the Brave Search API subscription token (ARTIE_SEARCH_API_KEY).")
    public SecretKeyRef apiKeySecretRef;

    @Min(1)
    @Max(20)
    @JsonPropertyDescription("Results given to the model per search (ARTIE_SEARCH_MAX_RESULTS); unset: 5.")
    public Integer maxResults;

    public boolean enabled() {
        return !NONE.equals(backend);
    }
}
