package dev.artie.capabilities.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import io.micronaut.serde.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard around real HTTP servers on loopback. The guard lets exactly the first server's address and port
 * through (as if it were a public site); anything else on loopback must still be refused, redirects included.
 */
class WebFetcherTest {
    private static final WebFetcher.Limits LIMITS = new WebFetcher.Limits(1024, Duration.ofSeconds(2), 3);
    private static final CapabilityContext ANN = new CapabilityContext("test", "ann", "c");

    private MockWebServer site;
    private MockWebServer internal;
    private WebFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        site = new MockWebServer();
        internal = new MockWebServer();
        site.start(InetAddress.getByName("127.0.0.1"), 0);
        internal.start(InetAddress.getByName("127.0.0.1"), 0);
        internal.enqueue(new MockResponse().setBody("internal secret"));
        fetcher = fetcher(LIMITS, HostResolver.SYSTEM);
    }

    @AfterEach
    void stop() throws Exception {
        site.shutdown();
        internal.shutdown();
    }

    private WebFetcher fetcher(WebFetcher.Limits limits, HostResolver resolver) throws Exception {
        AddressGuard onlyTheSite = AddressGuard.allowingOnly(
                Set.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), site.getPort())));
        return new WebFetcher(onlyTheSite, resolver, limits);
    }

    private static WebCapability withoutSearch(WebFetcher fetcher) {
        return new WebCapability(
                fetcher,
                new WebSearch(
                        new SearchSettings(SearchSettings.NONE, null, null, 5), fetcher, ObjectMapper.getDefault()));
    }

    private String siteUrl(String path) {
        return "http://127.0.0.1:" + site.getPort() + path;
    }

    private String internalUrl(String path) {
        return "http://127.0.0.1:" + internal.getPort() + path;
    }

    private void assertInternalUntouched() {
        assertThat(internal.getRequestCount())
                .as("requests that reached the internal server")
                .isZero();
    }

    @Test
    void readsThePageTextWithoutScriptsStylesOrTags() throws Exception {
        site.enqueue(new MockResponse()
                .setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("""
                <html><head><title>Ramen &amp; more</title><style>body { color: red }</style>
                <script>alert('hidden')</script></head>
                <body><h1>Tonkotsu</h1><p>Pork bone broth, <b>slow</b> cooked.</p><!-- note --></body></html>"""));

        String text = withoutSearch(fetcher).execute(WebCapability.FETCH, Map.of("url", siteUrl("/ramen")), ANN);

        assertThat(text)
                .isEqualTo("Text of " + siteUrl("/ramen") + ":\nTitle: Ramen & more\nTonkotsu\n"
                        + "Pork bone broth, slow cooked.");
    }

    @Test
    void refusesLoopbackThatIsNotTheAllowedServer() {
        assertThatThrownBy(() -> fetcher.fetch(internalUrl("/"))).hasMessageContaining("is a loopback address");
        assertInternalUntouched();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.0.0.1/",
                "http://192.168.0.10:8080/admin",
                "http://172.20.1.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://100.64.1.1/",
                "http://0.0.0.0/",
                "http://[::1]/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:10.0.0.1]/",
                "http://[fd00::1]/",
                "http://[fe80::1]/"
            })
    void refusesPrivateMetadataAndIpv6MappedAddressesBeforeConnecting(String url) {
        assertThatThrownBy(() -> fetcher.fetch(url))
                .isInstanceOf(WebFetcher.FetchException.class)
                .hasMessageStartingWith("refused to fetch");
    }

    @Test
    void refusesANameThatResolvesToAPrivateAddress() throws Exception {
        WebFetcher withFakeDns = fetcher(LIMITS, host -> List.of(InetAddress.getByName("10.1.2.3")));

        assertThatThrownBy(() -> withFakeDns.fetch("https://intranet.example.com/"))
                .hasMessage(
                        "refused to fetch https://intranet.example.com/: intranet.example.com is a private address");
    }

    @Test
    void refusesARedirectToAPrivateAddressAndNeverConnectsToIt() throws Exception {
        site.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", internalUrl("/secret")));

        assertThatThrownBy(() -> fetcher.fetch(siteUrl("/go")))
                .hasMessageContaining("refused to fetch " + internalUrl("/secret"))
                .hasMessageContaining("loopback");
        assertThat(site.getRequestCount()).isEqualTo(1);
        assertInternalUntouched();
    }

    @Test
    void connectsToTheVettedAddressWithoutResolvingTheNameAgain() throws Exception {
        // A rebinding resolver: the first answer is the allowed site, any later one an internal address.
        var answers = new java.util.ArrayDeque<>(
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.0.1")));
        WebFetcher rebinding = fetcher(LIMITS, host -> List.of(answers.removeFirst()));
        site.enqueue(new MockResponse().setHeader("Content-Type", "text/plain").setBody("the site"));

        WebFetcher.Page page = rebinding.fetch("http://rebind.example:" + site.getPort() + "/");

        assertThat(page.text()).isEqualTo("the site");
        assertThat(answers).as("one lookup only").hasSize(1);
        assertThat(site.takeRequest().getHeader("Host")).isEqualTo("rebind.example:" + site.getPort());
    }

    @Test
    void followsAtMostThreeRedirects() throws Exception {
        for (int i = 0; i < 3; i++) {
            site.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", "/hop" + i));
        }
        site.enqueue(new MockResponse().setHeader("Content-Type", "text/plain").setBody("arrived"));
        assertThat(fetcher.fetch(siteUrl("/start")).text()).isEqualTo("arrived");

        for (int i = 0; i < 4; i++) {
            site.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/again" + i));
        }
        assertThatThrownBy(() -> fetcher.fetch(siteUrl("/start"))).hasMessage("too many redirects (at most 3)");
    }

    @Test
    void readsNoMoreThanTheSizeLimit() throws Exception {
        site.enqueue(new MockResponse().setHeader("Content-Type", "text/plain").setBody("x".repeat(5000)));

        WebFetcher.Page page = fetcher.fetch(siteUrl("/big"));

        assertThat(page.truncated()).isTrue();
        assertThat(page.text()).hasSize(1024);
    }

    @Test
    void givesUpAfterTheTimeLimit() throws Exception {
        WebFetcher quick = fetcher(new WebFetcher.Limits(1024, Duration.ofMillis(300), 3), HostResolver.SYSTEM);
        site.enqueue(new MockResponse().setBody("late").setHeadersDelay(3, TimeUnit.SECONDS));

        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.fetch(siteUrl("/slow"))).hasMessage("the page took longer than 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:6379/", "example.com"})
    void onlyHttpAndHttpsAreFetched(String url) {
        assertThatThrownBy(() -> fetcher.fetch(url)).hasMessageContaining("only http and https");
    }

    @Test
    void nonTextPagesAndHttpErrorsAreErrorsForTheModel() {
        site.enqueue(new MockResponse().setHeader("Content-Type", "image/png").setBody("PNG"));
        assertThatThrownBy(() -> fetcher.fetch(siteUrl("/cat.png")))
                .hasMessageContaining("is not a text page (image/png)");

        site.enqueue(new MockResponse()
                .setResponseCode(404)
                .setHeader("Content-Type", "text/plain")
                .setBody("no"));
        assertThatThrownBy(() ->
                        withoutSearch(fetcher).execute(WebCapability.FETCH, Map.of("url", siteUrl("/missing")), ANN))
                .isInstanceOf(CapabilityException.class)
                .hasMessage(siteUrl("/missing") + " answered HTTP 404");
    }
}
