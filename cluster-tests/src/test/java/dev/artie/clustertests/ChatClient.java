package dev.artie.clustertests;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `POST /api/chat` and GETs against one base URL (a port-forward to a Service). */
final class ChatClient {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Where a `504 reply_timeout` says the reply will be (docs/http-api.md). */
    private static final Pattern LATE_REPLY = Pattern.compile("GET (/api/chat/\\S+) fetches the reply");

    private static final Duration LATE_REPLY_WAIT = Duration.ofMinutes(3);

    private final String base;

    ChatClient(PortForward forward) {
        this.base = forward.url("");
    }

    /**
     * The reply of `POST /api/chat`: {@code reply}, {@code offline}, {@code messageId}; {@code fetchedLate} when the
     * POST timed out and the reply came from `GET /api/chat/{id}`, as the 504 tells a client to fetch it.
     */
    record Reply(int status, String body, Map<String, Object> json, boolean fetchedLate) {
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
        return HTTP.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/api/chat"))
                                .timeout(Duration.ofSeconds(120))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(ChatClient::reply);
    }

    /**
     * As {@link #chatAsync}, and when the POST times out (`504 reply_timeout`, the message still worked on), the
     * reply fetched as the 504 says, so that a slow answer is told apart from a lost one.
     */
    CompletableFuture<Reply> chatAsyncFetchingLate(String user, String message) {
        return chatAsync(user, message).thenCompose(reply -> {
            Matcher late = LATE_REPLY.matcher(reply.body());
            return reply.status() == 504 && late.find()
                    ? fetchLate(late.group(1), System.nanoTime())
                    : CompletableFuture.completedFuture(reply);
        });
    }

    private CompletableFuture<Reply> fetchLate(String path, long since) {
        return HTTP.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenCompose(response -> {
                    Reply reply = reply(response);
                    if (response.statusCode() == 202 && System.nanoTime() - since < LATE_REPLY_WAIT.toNanos()) {
                        return CompletableFuture.supplyAsync(
                                        () -> null, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                                .thenCompose(ignored -> fetchLate(path, since));
                    }
                    return CompletableFuture.completedFuture(
                            new Reply(reply.status(), reply.body(), reply.json(), true));
                });
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(base, path);
    }

    static HttpResponse<String> get(String base, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
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
        return new Reply(response.statusCode(), response.body(), json == null ? Map.of() : json, false);
    }
}
