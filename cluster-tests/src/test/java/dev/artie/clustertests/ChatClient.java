package dev.artie.clustertests;

import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** `POST /api/chat` and GETs against one base URL (a port-forward to a Service). */
final class ChatClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    ChatClient(PortForward forward) {
        this.base = forward.url("");
    }

    /** The reply of `POST /api/chat`: {@code reply}, {@code offline}, {@code messageId}. */
    record Reply(int status, String body, Map<String, Object> json) {
        String text() {
            return String.valueOf(json.get("reply"));
        }

        String messageId() {
            return String.valueOf(json.get("messageId"));
        }

        boolean offline() {
            return Boolean.TRUE.equals(json.get("offline"));
        }
    }

    Reply chat(String user, String message) throws Exception {
        return chatAsync(user, message).get();
    }

    CompletableFuture<Reply> chatAsync(String user, String message) {
        String body = Serialization.asJson(Map.of("userId", user, "message", message));
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/chat")).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(ChatClient::reply);
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(base, path);
    }

    static HttpResponse<String> get(String base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Reply reply(HttpResponse<String> response) {
        Map<String, Object> json;
        try {
            json = Serialization.unmarshal(response.body(), Map.class);
        } catch (RuntimeException e) {
            json = Map.of();
        }
        return new Reply(response.statusCode(), response.body(), json == null ? Map.of() : json);
    }
}
