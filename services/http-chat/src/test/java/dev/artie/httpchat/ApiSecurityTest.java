package dev.artie.httpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.shared.testing.LogCapture;
import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat API with ARTIE_HTTP_API_TOKEN: bearer token, the page's own flow, closed CORS, security headers. */
class ApiSecurityTest {
    private static final String TOKEN = "test-token-5f1c9a";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final HttpClient http = HttpClient.newHttpClient();
    private static StandInCapabilities capabilities;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        capabilities = new StandInCapabilities(redis.url(), message -> "echo: " + message.text());
        server = server(Map.of("artie.http.api-token", TOKEN));
    }

    @AfterAll
    static void stop() {
        server.stop();
        capabilities.close();
    }

    private static EmbeddedServer server(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(
                Map.of("redis.uri", redis.url(), "micronaut.server.port", -1, "artie.http.reply-timeout", "5s"));
        properties.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @Test
    void withATokenConfiguredTheApiRefusesCallsWithoutItOrWithAWrongOne() throws Exception {
        HttpResponse<String> missing = chat(null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"artie\"");
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(missing.body()).contains("\"error\":\"unauthorized\"").doesNotContain(TOKEN);

        for (String wrong : List.of("Bearer nope", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN)) {
            HttpResponse<String> refused = send(chatRequest().header("Authorization", wrong));
            assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
            assertThat(refused.body()).contains("\"error\":\"unauthorized\"").doesNotContain(TOKEN);
        }
        assertThat(capabilities.received())
                .as("nothing refused reached the queue")
                .noneMatch(m -> m.text().equals("token?"));
        assertThat(get("/prometheus").body())
                .containsPattern("artie_messages_total\\{channel=\"http\",outcome=\"unauthorized\"} [1-9]");
    }

    @Test
    void theRightTokenChatsAndThePageItselfNeedsNone() throws Exception {
        HttpResponse<String> answered = chat("Bearer " + TOKEN);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.body()).contains("\"reply\":\"echo: token?\"");
        assertThat(send(chatRequest().header("Authorization", "bearer " + TOKEN))
                        .statusCode())
                .as("the scheme is case-insensitive")
                .isEqualTo(200);

        // The page and its script are public; the script asks for the token on a 401 and sends it as a bearer.
        assertThat(get("/").statusCode()).isEqualTo(200);
        String script = get("/chat.js").body();
        assertThat(script).contains("sessionStorage").contains("\"Bearer \"").contains("response.status === 401");
        assertThat(get("/").body()).contains("id=\"login\"").contains("type=\"password\"");
        // Health stays open for probes.
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        List<HttpResponse<String>> responses = List.of(
                get("/"),
                get("/chat.js"),
                get("/chat.css"),
                get("/health"),
                get("/no-such-page"),
                chat(null),
                chat("Bearer " + TOKEN),
                send(chatRequest()
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString("{bad"))));
        for (HttpResponse<String> response : responses) {
            var headers = response.headers();
            String what = response.request().uri() + " -> " + response.statusCode();
            assertThat(headers.firstValue("Content-Security-Policy"))
                    .as(what)
                    .hasValue(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
            assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
                    .as(what)
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        }
    }

    @Test
    void thePageHasNoInlineScriptSoTheStrictPolicyLetsItRun() throws Exception {
        String page = get("/").body();
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE)
                        .matcher(page)
                        .find())
                .as("inline <script> in the page")
                .isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE)
                        .matcher(page)
                        .find())
                .as("inline event handler attribute in the page")
                .isFalse();
        assertThat(page).doesNotContain("style=\"").doesNotContain("<style");
    }

    @Test
    void corsIsClosedToOtherOrigins() throws Exception {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/api/chat"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .as("preflight")
                .isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .isEmpty();

        HttpResponse<String> crossOrigin =
                send(chatRequest().header("Origin", "https://evil.example").header("Authorization", "Bearer " + TOKEN));
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
    }

    @Test
    void warnsLoudlyAtStartWhenOpenBeyondLoopbackWithoutAToken() {
        try (LogCapture logs = new LogCapture()) {
            try (EmbeddedServer open = server(Map.of())) {
                assertThat(open.isRunning()).isTrue();
            }
            assertThat(logs.lines())
                    .anyMatch(line -> line.startsWith("WARN")
                            && line.contains("OPEN CHAT API")
                            && line.contains("every interface")
                            && line.contains("ARTIE_HTTP_API_TOKEN"));
        }
        try (LogCapture logs = new LogCapture()) {
            try (EmbeddedServer loopback = server(Map.of("micronaut.server.host", "127.0.0.1"))) {
                assertThat(loopback.isRunning()).isTrue();
            }
            try (EmbeddedServer withToken = server(Map.of("artie.http.api-token", "another-token"))) {
                assertThat(withToken.isRunning()).isTrue();
            }
            assertThat(logs.all())
                    .as("loopback only, or a token: no warning")
                    .doesNotContain("OPEN CHAT API")
                    .doesNotContain("another-token");
            assertThat(logs.lines())
                    .as("with a token: who may be whom is said once")
                    .filteredOn(line ->
                            line.startsWith("WARN") && line.contains("SHARED API TOKEN") && line.contains("any userId"))
                    .hasSize(1);
        }
        assertThat(ExposureWarning.loopbackOnly("localhost")).isTrue();
        assertThat(ExposureWarning.loopbackOnly("::1")).isTrue();
        assertThat(ExposureWarning.loopbackOnly("0.0.0.0")).isFalse();
        assertThat(ExposureWarning.loopbackOnly("")).isFalse();
    }

    @Test
    void theSessionTellsThePageTheModeWithoutAToken() throws Exception {
        HttpResponse<String> session = get("/api/session");
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.body()).isEqualTo("{\"auth\":\"token\"}");
        try (EmbeddedServer open = server(Map.of("micronaut.server.host", "127.0.0.1"))) {
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(open.getURL() + "/api/session"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo("{\"auth\":\"none\"}");
        }
    }

    @Test
    void aModeThatCannotWorkStopsTheStartSayingWhichVariableToSet() {
        Map<Map<String, Object>, String> broken = Map.of(
                Map.of("artie.http.auth", "oidc", "artie.http.oidc-issuer", "https://id.example.org"),
                "ARTIE_HTTP_AUTH=oidc needs ARTIE_HTTP_OIDC_ISSUER, ARTIE_HTTP_OIDC_AUDIENCE and"
                        + " ARTIE_HTTP_OIDC_CLIENT_ID",
                Map.of("artie.http.auth", "token"),
                "ARTIE_HTTP_AUTH=token needs ARTIE_HTTP_API_TOKEN",
                Map.of(
                        "artie.http.auth",
                        "oidc",
                        "artie.http.api-token",
                        "shared",
                        "artie.http.oidc-issuer",
                        "https://id.example.org",
                        "artie.http.oidc-audience",
                        "a",
                        "artie.http.oidc-client-id",
                        "c"),
                "ARTIE_HTTP_AUTH=oidc takes no ARTIE_HTTP_API_TOKEN",
                Map.of("artie.http.auth", "magic"),
                "ARTIE_HTTP_AUTH is 'magic'; it must be none, token or oidc");
        broken.forEach((settings, sentence) ->
                assertThatThrownBy(() -> server(settings).close()).as(sentence).hasStackTraceContaining(sentence));
    }

    private static HttpResponse<String> chat(String authorization) throws Exception {
        HttpRequest.Builder request = chatRequest();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpRequest.Builder chatRequest() {
        return HttpRequest.newBuilder(uri("/api/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userId\":\"sec1\",\"message\":\"token?\"}", StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(server.getURL() + path);
    }
}
