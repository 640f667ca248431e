package dev.artie.capabilities.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real HTTP server standing in for a search backend: a SearXNG instance ({@code GET /search?q=...&format=json}) or
 * the Brave Search API ({@code GET /res/v1/web/search}, which answers 401 unless {@code X-Subscription-Token} is
 * {@link #BRAVE_KEY}). Its results are made from the query, so a test sees which query arrived where.
 */
public class FakeSearchServer implements AutoCloseable {
    public static final String BRAVE_KEY = "BSA-secret-test-token-0123456789";

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    /** Answers instead of the usual results, when a test sets it. */
    private volatile Function<RecordedRequest, MockResponse> override;

    /** A result the fake gives for every query: the title, address and snippet it is built from. */
    public record Hit(String title, String url, String snippet) {}

    public FakeSearchServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                Function<RecordedRequest, MockResponse> current = override;
                return current != null ? current.apply(request) : answer(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The three results the fake knows for a query. */
    public static List<Hit> hitsFor(String query) {
        String slug = query.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return List.of(
                new Hit("First on " + query, "https://news.example.org/" + slug, "What happened with " + query),
                new Hit("Second on " + query, "https://blog.example.net/" + slug, "More about " + query),
                new Hit("Third on " + query, "https://example.com/" + slug + "?page=3", "Even more"));
    }

    private static MockResponse answer(RecordedRequest request) {
        String query =
                request.getRequestUrl() == null ? null : request.getRequestUrl().queryParameter("q");
        String path =
                request.getRequestUrl() == null ? "" : request.getRequestUrl().encodedPath();
        if (query == null) {
            return json(400, "{\"error\":\"no q\"}");
        }
        if (path.equals("/search") && "json".equals(request.getRequestUrl().queryParameter("format"))) {
            return json(
                    200,
                    "{\"query\":" + quote(query) + ",\"number_of_results\":3,\"results\":["
                            + hitsFor(query).stream()
                                    .map(hit -> "{\"title\":" + quote(hit.title()) + ",\"url\":" + quote(hit.url())
                                            + ",\"content\":" + quote(hit.snippet()) + ",\"engine\":\"fake\"}")
                                    .collect(Collectors.joining(","))
                            + "],\"suggestions\":[]}");
        }
        if (path.equals("/res/v1/web/search")) {
            if (!BRAVE_KEY.equals(request.getHeader("X-Subscription-Token"))) {
                return json(401, "{\"type\":\"ErrorResponse\",\"error\":{\"code\":\"SUBSCRIPTION_TOKEN_INVALID\"}}");
            }
            // Brave marks the matched words up in descriptions.
            return json(
                    200,
                    "{\"type\":\"search\",\"query\":{\"original\":" + quote(query) + "},\"web\":{\"type\":"
                            + "\"search\",\"results\":["
                            + hitsFor(query).stream()
                                    .map(hit -> "{\"title\":" + quote(hit.title())
                                            + ",\"url\":" + quote(hit.url()) + ",\"description\":"
                                            + quote("<strong>" + hit.snippet() + "</strong>") + ",\"language\":\"en\"}")
                                    .collect(Collectors.joining(","))
                            + "]}}");
        }
        return json(404, "{\"error\":\"not found\"}");
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The base URL to configure as ARTIE_SEARCH_URL. */
    public String baseUrl() {
        return server.url("/").toString();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** What the next requests get instead of results (null: the results again). */
    public void answerWith(Function<RecordedRequest, MockResponse> answer) {
        override = answer;
    }

    public void reset() {
        requests.clear();
        override = null;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
