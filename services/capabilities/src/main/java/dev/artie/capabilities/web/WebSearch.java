package dev.artie.capabilities.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.artie.capabilities.capability.CapabilityException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Asks the configured search backend: a SearXNG instance's JSON API ({@code GET /search?q=...&format=json}) or the
 * Brave Search API ({@code GET /res/v1/web/search?q=...&count=N}, key in {@code X-Subscription-Token}). Through the
 * web fetcher, so a search has the fetch's size cap and time-out.
 */
@Singleton
public class WebSearch {
    private static final int MAX_TITLE = 200;
    private static final int MAX_SNIPPET = 300;

    private final SearchSettings settings;
    private final WebFetcher fetcher;
    private final ObjectMapper json;

    /** One result: what the model reads and cites. */
    public record Result(String title, String url, String snippet) {}

    public WebSearch(SearchSettings settings, WebFetcher fetcher, ObjectMapper json) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.json = json;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The backend's first results for the query, at most ARTIE_SEARCH_MAX_RESULTS of them. */
    public List<Result> search(String query) throws CapabilityException {
        if (!enabled()) {
            throw new CapabilityException("web search is not configured (ARTIE_SEARCH_BACKEND=none)");
        }
        boolean brave = settings.backend().equals(SearchSettings.BRAVE);
        String shownAs = brave ? "the search backend (Brave Search)" : "the search backend (SearXNG)";
        HttpUrl.Builder url =
                Objects.requireNonNull(HttpUrl.get(settings.url())).newBuilder();
        Map<String, String> headers;
        if (brave) {
            url.addPathSegments("res/v1/web/search")
                    .addQueryParameter("q", query)
                    .addQueryParameter("count", Integer.toString(settings.maxResults()));
            headers = Map.of("Accept", "application/json", "X-Subscription-Token", settings.apiKey());
        } else {
            url.addPathSegment("search").addQueryParameter("q", query).addQueryParameter("format", "json");
            headers = Map.of("Accept", "application/json");
        }
        WebFetcher.Page page;
        try {
            page = fetcher.fetchConfigured(url.build(), headers, shownAs);
        } catch (WebFetcher.FetchException e) {
            throw new CapabilityException(e.getMessage());
        }
        refuseFailure(page, brave, shownAs, fetcher.limits().maxBytes());
        List<Hit> hits;
        try {
            hits = brave
                    ? webOf(json.readValue(page.text(), BraveAnswer.class))
                    : json.readValue(page.text(), SearxngAnswer.class).results();
        } catch (IOException | RuntimeException e) {
            throw new CapabilityException(shownAs + " answered something other than its JSON search results");
        }
        return hits == null
                ? List.of()
                : hits.stream()
                        .filter(Objects::nonNull)
                        .map(WebSearch::toResult)
                        .filter(Objects::nonNull)
                        .limit(settings.maxResults())
                        .toList();
    }

    private static void refuseFailure(WebFetcher.Page page, boolean brave, String shownAs, int maxBytes)
            throws CapabilityException {
        int status = page.status();
        if (status == 401 || status == 403) {
            throw new CapabilityException(
                    brave
                            ? shownAs + " refused the API key (HTTP " + status
                                    + "); the operator must check ARTIE_SEARCH_API_KEY"
                            : shownAs + " refused the search (HTTP " + status
                                    + "); SearXNG answers 403 when json is not among "
                                    + "search.formats in its settings.yml");
        }
        if (status == 429) {
            throw new CapabilityException(shownAs + " is over its rate limit (HTTP 429); try again later");
        }
        if (status != 200) {
            throw new CapabilityException(shownAs + " answered HTTP " + status);
        }
        if (page.truncated()) {
            // Cut JSON cannot be read: the whole answer is refused rather than half of it guessed at.
            throw new CapabilityException(shownAs + " answered with more than " + maxBytes / 1024
                    + " KB, more than a search may read (the web fetch's cap)");
        }
    }

    private static List<Hit> webOf(BraveAnswer answer) {
        return answer == null || answer.web() == null ? List.of() : answer.web().results();
    }

    /** A hit with a web address, its title and snippet as plain text; null when it has no usable address. */
    private static Result toResult(Hit hit) {
        String url = hit.url() == null ? "" : hit.url().strip();
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        String title = plain(hit.title(), MAX_TITLE);
        String snippet = plain(hit.content() != null ? hit.content() : hit.description(), MAX_SNIPPET);
        return new Result(title.isEmpty() ? url : title, url, snippet);
    }

    /** Backends mark the matched words up (Brave: {@code <strong>}); the model and the person read text. */
    private static String plain(@Nullable String text, int max) {
        String plain = text == null ? "" : HtmlText.extract(text).replace('\n', ' ');
        return plain.length() > max ? plain.substring(0, max - 1) + "…" : plain;
    }

    /** One hit of either backend: SearXNG names the snippet content, Brave description. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hit(
            @Nullable String title,
            @Nullable String url,
            @Nullable String content,
            @Nullable String description) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearxngAnswer(@Nullable List<Hit> results) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BraveAnswer(@Nullable BraveWeb web) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BraveWeb(@Nullable List<Hit> results) {}
}
