package dev.artie.capabilities.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.capabilities.testing.FakeSearchServer;
import io.micronaut.serde.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The search action against fake SearXNG and Brave backends on loopback, through the production guard: the
 * operator's backend address is trusted configuration, so a backend on a private address answers.
 */
class WebSearchTest {
    private static final WebFetcher.Limits LIMITS = new WebFetcher.Limits(4096, Duration.ofMillis(800), 3);
    private static final CapabilityContext ANN = new CapabilityContext("test", "ann", "c");
    private static final String QUERY = "Mars rover";

    private FakeSearchServer backend;

    @BeforeEach
    void start() {
        backend = new FakeSearchServer();
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
    }

    private static WebCapability web(SearchSettings settings) {
        WebFetcher fetcher = new WebFetcher(AddressGuard.publicInternetOnly(), HostResolver.SYSTEM, LIMITS);
        return new WebCapability(fetcher, new WebSearch(settings, fetcher, ObjectMapper.getDefault()));
    }

    private WebCapability searxng(int maxResults) {
        return web(new SearchSettings(SearchSettings.SEARXNG, URI.create(backend.baseUrl()), null, maxResults));
    }

    private WebCapability brave(String key) {
        return web(new SearchSettings(SearchSettings.BRAVE, URI.create(backend.baseUrl()), key, 5));
    }

    private static String search(WebCapability web, String query) throws CapabilityException {
        return web.execute(WebCapability.SEARCH, Map.of("query", query), ANN);
    }

    @Test
    void searxngResultsComeBackNumberedWithTitlesLinksAndSnippets() throws Exception {
        String text = search(searxng(5), QUERY);

        var hits = FakeSearchServer.hitsFor(QUERY);
        assertThat(text)
                .isEqualTo("Web search results for \"Mars rover\":\n"
                        + "1. " + hits.get(0).title() + "\n   " + hits.get(0).url() + "\n   "
                        + hits.get(0).snippet() + "\n"
                        + "2. " + hits.get(1).title() + "\n   " + hits.get(1).url() + "\n   "
                        + hits.get(1).snippet() + "\n"
                        + "3. " + hits.get(2).title() + "\n   " + hits.get(2).url() + "\n   "
                        + hits.get(2).snippet());
        RecordedRequest request = backend.requests().getFirst();
        assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/search");
        assertThat(request.getRequestUrl().queryParameter("q")).isEqualTo(QUERY);
        assertThat(request.getRequestUrl().queryParameter("format")).isEqualTo("json");
    }

    @Test
    void noMoreThanTheConfiguredNumberOfResultsIsGiven() throws Exception {
        String text = search(searxng(2), QUERY);

        assertThat(text).contains("1. First on", "2. Second on").doesNotContain("Third on", "3. ");
    }

    @Test
    void braveIsAskedWithTheSubscriptionTokenAndItsMarkupIsRemoved() throws Exception {
        String text = search(brave(FakeSearchServer.BRAVE_KEY), QUERY);

        assertThat(text)
                .contains("1. First on Mars rover\n   https://news.example.org/mars-rover\n"
                        + "   What happened with Mars rover")
                .doesNotContain("<strong>");
        RecordedRequest request = backend.requests().getFirst();
        assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/res/v1/web/search");
        assertThat(request.getRequestUrl().queryParameter("count")).isEqualTo("5");
        assertThat(request.getHeader("X-Subscription-Token")).isEqualTo(FakeSearchServer.BRAVE_KEY);
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
    }

    @Test
    void aWrongBraveKeyIsReportedWithoutTheKey() {
        String wrong = "BSA-wrong-key-9876543210";

        assertThatThrownBy(() -> search(brave(wrong), QUERY))
                .isInstanceOf(CapabilityException.class)
                .hasMessage("the search backend (Brave Search) refused the API key (HTTP 401); the operator must "
                        + "check ARTIE_SEARCH_API_KEY")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void aSearxngWithoutJsonResultsSaysHowToTurnThemOn() {
        backend.answerWith(request -> FakeSearchServer.json(403, "Forbidden"));

        assertThatThrownBy(() -> search(searxng(5), QUERY))
                .hasMessageContaining("refused the search (HTTP 403)")
                .hasMessageContaining("search.formats");
    }

    @Test
    void aBackendThatIsDownIsAClearFailure() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        WebCapability web =
                web(new SearchSettings(SearchSettings.SEARXNG, URI.create("http://127.0.0.1:" + unused), null, 5));

        assertThatThrownBy(() -> search(web, QUERY))
                .hasMessageStartingWith("the search backend (SearXNG) could not be reached: ");
    }

    @Test
    void aBackendThatDoesNotAnswerInTimeIsAClearFailure() {
        backend.answerWith(
                request -> FakeSearchServer.json(200, "{\"results\":[]}").setHeadersDelay(3, TimeUnit.SECONDS));

        assertThatThrownBy(() -> search(searxng(5), QUERY))
                .hasMessage("the search backend (SearXNG) did not answer within 800 ms");
    }

    @Test
    void anErrorStatusAndARateLimitAreReported() {
        backend.answerWith(request -> FakeSearchServer.json(500, "{}"));
        assertThatThrownBy(() -> search(searxng(5), QUERY))
                .hasMessage("the search backend (SearXNG) answered HTTP 500");

        backend.answerWith(request -> FakeSearchServer.json(429, "{}"));
        assertThatThrownBy(() -> search(brave(FakeSearchServer.BRAVE_KEY), QUERY))
                .hasMessageContaining("over its rate limit (HTTP 429)");
    }

    @Test
    void anAnswerOverTheFetchCapIsRefusedUnread() {
        String padding = "x".repeat(LIMITS.maxBytes());
        backend.answerWith(request -> FakeSearchServer.json(
                200,
                "{\"results\":[{\"title\":\"t\",\"url\":" + "\"https://example.com/\",\"content\":\"" + padding
                        + "\"}]}"));

        assertThatThrownBy(() -> search(searxng(5), QUERY))
                .hasMessage("the search backend (SearXNG) answered with more than 4 KB, more than a search may read "
                        + "(the web fetch's cap)");
    }

    @Test
    void aRedirectIsNotFollowed() {
        backend.answerWith(request -> request.getRequestUrl().encodedPath().equals("/search")
                ? new MockResponse().setResponseCode(302).setHeader("Location", "http://169.254.169.254/")
                : FakeSearchServer.json(200, "{\"results\":[]}"));

        assertThatThrownBy(() -> search(searxng(5), QUERY)).hasMessageContaining("redirects (HTTP 302)");
        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void somethingOtherThanSearchResultsIsReported() {
        backend.answerWith(request -> FakeSearchServer.json(200, "[1, 2"));

        assertThatThrownBy(() -> search(searxng(5), QUERY))
                .hasMessage("the search backend (SearXNG) answered something other than its JSON search results");
    }

    @Test
    void resultsWithoutAWebAddressAreLeftOutAndNoneFoundIsSaid() throws Exception {
        backend.answerWith(request -> FakeSearchServer.json(
                200,
                "{\"results\":[{\"title\":\"odd\",\"url\":"
                        + "\"javascript:alert(1)\"},{\"title\":\"no address\"},{\"url\":\"https://example.com/a\"}]}"));
        assertThat(search(searxng(5), QUERY))
                .isEqualTo("Web search results for \"Mars rover\":\n"
                        + "1. https://example.com/a\n   https://example.com/a");

        backend.answerWith(request -> FakeSearchServer.json(200, "{\"results\":[]}"));
        assertThat(search(searxng(5), QUERY)).isEqualTo("The web search for \"Mars rover\" found nothing.");
    }

    @Test
    void withoutABackendThereIsNoSearchAction() {
        WebCapability web = web(new SearchSettings(SearchSettings.NONE, null, null, 5));

        assertThat(web.searches()).isFalse();
        assertThat(web.actions()).extracting(CapabilityAction::name).containsExactly(WebCapability.FETCH);
        assertThat(searxng(5).actions())
                .extracting(CapabilityAction::name)
                .containsExactly(WebCapability.SEARCH, WebCapability.FETCH);
    }

    @Test
    void aQueryLongerThanAnyRealOneIsCut() throws Exception {
        String pasted = "ramen ".repeat(200);

        assertThat(search(searxng(5), pasted))
                .startsWith("Web search results for \"" + pasted.substring(0, 400) + "\":");
        assertThat(backend.requests().getFirst().getRequestUrl().queryParameter("q"))
                .hasSize(400);
    }

    @Test
    void anEmptyQueryIsRefusedBeforeTheBackendIsAsked() {
        assertThatThrownBy(() -> search(searxng(5), " ")).hasMessageStartingWith("search needs a query");
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void wrongSettingsAreRefusedWithTheVariableToFix() {
        assertThatThrownBy(() -> new SearchSettings("bing", null, null, 5))
                .hasMessage("ARTIE_SEARCH_BACKEND must be none, searxng or brave, not 'bing'");
        assertThatThrownBy(() -> new SearchSettings(SearchSettings.SEARXNG, null, null, 5))
                .hasMessageStartingWith("ARTIE_SEARCH_BACKEND=searxng needs ARTIE_SEARCH_URL");
        assertThatThrownBy(() -> new SearchSettings(SearchSettings.BRAVE, null, " ", 5))
                .hasMessageStartingWith("ARTIE_SEARCH_BACKEND=brave needs ARTIE_SEARCH_API_KEY");
        assertThatThrownBy(() -> new SearchSettings(SearchSettings.SEARXNG, URI.create("ftp://x"), null, 5))
                .hasMessageStartingWith("ARTIE_SEARCH_URL must be an http or https URL");
        assertThatThrownBy(() -> new SearchSettings(SearchSettings.NONE, null, null, 21))
                .hasMessage("ARTIE_SEARCH_MAX_RESULTS must be between 1 and 20, not 21");
        SearchSettings brave = new SearchSettings("Brave", null, FakeSearchServer.BRAVE_KEY, 5);
        assertThat(brave.url()).isEqualTo(URI.create("https://api.search.brave.com"));
        assertThat(brave.toString()).doesNotContain(FakeSearchServer.BRAVE_KEY).contains("apiKey=(set)");
    }
}
