package dev.artie.httpchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The HTTP calls the http-chat tests make to a running service, and the shape every error answer has. */
final class ChatApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChatApi() {}

    /**
     * The settings of an http-chat instance under test, as its {@code TestPropertyProvider} gives them: on a random
     * port, with Redis at {@code redisUrl}, replies awaited for {@code replyTimeout}, and then {@code more} (name,
     * value, ...).
     */
    static Map<String, String> settings(String redisUrl, String replyTimeout, String... more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("redis.uri", redisUrl);
        settings.put("micronaut.server.port", "-1");
        settings.put("artie.http.reply-timeout", replyTimeout);
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    /** {@link #settings} of an instance that signs people in with {@code issuer} (OIDC). */
    static Map<String, String> oidcSettings(String redisUrl, String issuer, String audience, String clientId) {
        return settings(
                redisUrl,
                "10s",
                "artie.http.auth",
                "oidc",
                "artie.http.oidc-issuer",
                issuer,
                "artie.http.oidc-audience",
                audience,
                "artie.http.oidc-client-id",
                clientId);
    }

    static HttpResponse<String> chat(EmbeddedServer server, String body) throws Exception {
        return HTTP.send(chatRequest(server, body), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> chatAsync(EmbeddedServer server, String body) {
        return HTTP.sendAsync(chatRequest(server, body), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code status} with a JSON body {@code {"error": code, "message": ...}}. */
    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"error\":\"" + code + "\"").contains("\"message\":");
    }

    private static HttpRequest chatRequest(EmbeddedServer server, String body) {
        return HttpRequest.newBuilder(URI.create(server.getURL() + "/api/chat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
