package dev.artie.capabilities.web;

import dev.artie.capabilities.capability.Arguments;
import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.capabilities.capability.CapabilityRefusedException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Reads a public web page for the model (the guard keeps it off Artie's own network) and, when a search backend is
 * configured, searches the web; with ARTIE_SEARCH_BACKEND=none there is no search action at all.
 */
@Singleton
public class WebCapability implements Capability {
    public static final String NAME = "web";
    public static final String FETCH = "fetch";
    public static final String SEARCH = "search";
    /** What the model reads of a page: enough to answer from, little enough for its context. */
    static final int MAX_TEXT = 8_000;
    /** Long enough for any real query; a model pasting a page into the query gets it cut. */
    static final int MAX_QUERY = 400;

    private final WebFetcher fetcher;
    private final WebSearch search;

    public WebCapability(WebFetcher fetcher, WebSearch search) {
        this.fetcher = fetcher;
        this.search = search;
    }

    /** Whether the search action is offered (and plain questions about the news run it). */
    public boolean searches() {
        return search.enabled();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return searches()
                ? "Searches the web for current information and fetches a public web page (http or https) as text."
                : "Fetches a public web page (http or https) and gives its text.";
    }

    @Override
    public List<CapabilityAction> actions() {
        CapabilityAction fetch = CapabilityAction.withTextArgument(
                FETCH,
                "Fetch a web page and read its text",
                "url",
                "the page's address, e.g. https://example.com/",
                true);
        if (!searches()) {
            return List.of(fetch);
        }
        return List.of(
                CapabilityAction.withTextArgument(
                        SEARCH,
                        "Search the web for news and anything current, "
                                + "giving numbered results with titles and links; cite the links the answer uses",
                        "query",
                        "what to search for, e.g. latest news about the Mars rover",
                        true),
                fetch);
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        if (!action.equals(SEARCH)) {
            return fetch(arguments);
        }
        String query = Arguments.text(arguments, "query");
        return search(query.length() > MAX_QUERY ? query.substring(0, MAX_QUERY).strip() : query);
    }

    private String search(String query) throws CapabilityException {
        if (query.isEmpty()) {
            throw new CapabilityException(
                    "search needs a query, e.g. {\"query\": \"latest news about the Mars rover\"}");
        }
        List<WebSearch.Result> results = search.search(query);
        if (results.isEmpty()) {
            return "The web search for \"" + query + "\" found nothing.";
        }
        StringBuilder text = new StringBuilder("Web search results for \"" + query + "\":");
        for (int i = 0; i < results.size(); i++) {
            WebSearch.Result result = results.get(i);
            text.append('\n')
                    .append(i + 1)
                    .append(". ")
                    .append(result.title())
                    .append("\n   ")
                    .append(result.url());
            if (!result.snippet().isEmpty()) {
                text.append("\n   ").append(result.snippet());
            }
        }
        return text.toString();
    }

    private String fetch(Map<String, Object> arguments) throws CapabilityException {
        String url = Arguments.text(arguments, "url");
        if (url.isEmpty()) {
            throw new CapabilityException("fetch needs a url, e.g. {\"url\": \"https://example.com/\"}");
        }
        WebFetcher.Page page;
        try {
            page = fetcher.fetch(url);
        } catch (WebFetcher.AddressRefused e) {
            throw new CapabilityRefusedException(e.getMessage());
        } catch (WebFetcher.FetchException e) {
            throw new CapabilityException(e.getMessage());
        }
        if (page.status() >= 400) {
            throw new CapabilityException(page.url() + " answered HTTP " + page.status());
        }
        boolean cut = page.truncated() || page.text().length() > MAX_TEXT;
        String text = page.text().length() > MAX_TEXT ? page.text().substring(0, MAX_TEXT) : page.text();
        return "Text of " + page.url() + (cut ? " (only its beginning)" : "") + ":\n" + text;
    }
}
