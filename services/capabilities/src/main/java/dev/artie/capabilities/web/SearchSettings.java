package dev.artie.capabilities.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * `ARTIE_SEARCH_*` variables (docs/configuration.md): the web search backend. Its time-out and size cap are the web
 * fetch's ({@link WebFetcherFactory}), so a search costs no more than reading one page.
 *
 * @param backend    none, searxng or brave
 * @param url        the SearXNG instance, or another address for Brave's API (empty: Brave's own)
 * @param apiKey     Brave's subscription token
 * @param maxResults results given to the model, 1 to 20
 */
@ConfigurationProperties("artie.search")
public record SearchSettings(
        @Nullable String backend,
        @Nullable URI url,
        @Nullable String apiKey,
        int maxResults) {
    public static final String NONE = "none";
    public static final String SEARXNG = "searxng";
    public static final String BRAVE = "brave";
    static final URI BRAVE_API = URI.create("https://api.search.brave.com");
    private static final int MOST_RESULTS = 20;

    public SearchSettings {
        backend = backend == null || backend.isBlank() ? NONE : backend.strip().toLowerCase(Locale.ROOT);
        apiKey = apiKey == null ? "" : apiKey.strip();
        if (!List.of(NONE, SEARXNG, BRAVE).contains(backend)) {
            throw new IllegalArgumentException(
                    "ARTIE_SEARCH_BACKEND must be none, searxng or brave, not '" + backend + "'");
        }
        if (url != null && url.toString().isBlank()) {
            url = null;
        }
        if (url != null
                && (!List.of("http", "https").contains(String.valueOf(url.getScheme())) || url.getHost() == null)) {
            throw new IllegalArgumentException(
                    "ARTIE_SEARCH_URL must be an http or https URL, e.g. " + "http://searxng:8080");
        }
        if (backend.equals(SEARXNG) && url == null) {
            throw new IllegalArgumentException("ARTIE_SEARCH_BACKEND=searxng needs ARTIE_SEARCH_URL, the SearXNG "
                    + "instance, e.g. http://searxng:8080");
        }
        if (backend.equals(BRAVE) && apiKey.isEmpty()) {
            throw new IllegalArgumentException("ARTIE_SEARCH_BACKEND=brave needs ARTIE_SEARCH_API_KEY, a Brave Search "
                    + "API subscription token");
        }
        if (backend.equals(BRAVE) && url == null) {
            url = BRAVE_API;
        }
        if (maxResults < 1 || maxResults > MOST_RESULTS) {
            throw new IllegalArgumentException(
                    "ARTIE_SEARCH_MAX_RESULTS must be between 1 and " + MOST_RESULTS + ", not " + maxResults);
        }
    }

    public boolean enabled() {
        return !backend.equals(NONE);
    }

    /** Never prints the key: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "SearchSettings[backend=" + backend + ", url=" + url + ", apiKey="
                + (apiKey.isEmpty() ? "(none)" : "(set)") + ", maxResults=" + maxResults + "]";
    }
}
