package dev.artie.httpchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** The HTTP calls the http-chat tests make to a running service, and the shape every error answer has. */
final class ChatApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChatApi() {}

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
