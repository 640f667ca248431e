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

/** Reads a public web page for the model; the guard keeps it off Artie's own network. */
@Singleton
public class WebCapability implements Capability {
    public static final String NAME = "web";
    public static final String FETCH = "fetch";
    /** What the model reads of a page: enough to answer from, little enough for its context. */
    static final int MAX_TEXT = 8_000;

    private final WebFetcher fetcher;

    public WebCapability(WebFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Fetches a public web page (http or https) and gives its text.";
    }

    @Override
    public List<CapabilityAction> actions() {
        return List.of(CapabilityAction.withTextArgument(FETCH, "Fetch a web page and read its text", "url",
                "the page's address, e.g. https://example.com/", true));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
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
