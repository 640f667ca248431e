package dev.artie.discord;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fake Discord REST API on a real HTTP server: just enough of it for JDA to log in and to post messages. It has no
 * gateway: {@link #gatewayUrl()} answers 404, so JDA keeps trying to reconnect while its REST side works.
 * The JDK's own server, because MockWebServer would bring OkHttp 4 next to JDA's OkHttp 5.
 */
final class FakeDiscord implements AutoCloseable {
    static final String API = "/api/v10";
    static final String SELF_ID = "1000";
    private static final String NO_GATEWAY = "/no-gateway-here";

    record Received(String method, String path, String authorization, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger messageIds = new AtomicInteger(5000);
    private volatile Predicate<Received> failing = r -> false;
    private volatile int failureStatus;
    private volatile String failureBody;

    FakeDiscord() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /**
     * The settings of a Discord service under test, as its {@code TestPropertyProvider} gives them: on a random port,
     * Redis at {@code redisUrl}, this fake's REST API, the gateway at {@code gatewayUrl}, then {@code more} (name,
     * value, ...).
     */
    Map<String, String> serviceSettings(String redisUrl, String token, String gatewayUrl, String... more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("redis.uri", redisUrl);
        settings.put("micronaut.server.port", "-1");
        settings.put("artie.discord.token", token);
        settings.put("artie.discord.api-base-url", baseUrl());
        settings.put(FakeGateway.PROPERTY, gatewayUrl);
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + API + "/";
    }

    /** Answers 404 to the WebSocket upgrade: JDA sees a gateway that is down and keeps trying to reconnect. */
    String gatewayUrl() {
        return "ws://127.0.0.1:" + server.getAddress().getPort() + NO_GATEWAY;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> posts(String path) {
        return requests("POST", path);
    }

    /** The edits of message {@code messageId} in {@code channelId}, in the order they came. */
    List<Received> edits(String channelId, String messageId) {
        return requests("PATCH", "/channels/" + channelId + "/messages/" + messageId);
    }

    private List<Received> requests(String method, String path) {
        return received.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(API + path))
                .toList();
    }

    /** Requests for which this answers a Discord server error (500) instead of success (each is still recorded). */
    void failWhen(Predicate<Received> condition) {
        failWhen(condition, 500, "{\"code\":0,\"message\":\"500: Internal Server Error\"}");
    }

    /** Requests for which this answers {@code status} with Discord's error {@code body} instead of success. */
    void failWhen(Predicate<Received> condition, int status, String body) {
        failureStatus = status;
        failureBody = body;
        failing = condition;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            answer(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(HttpExchange exchange) throws IOException, InterruptedException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body);
            received.add(request);
            String path = request.path().substring(request.path().startsWith(API) ? API.length() : 0);
            if (path.equals(NO_GATEWAY)) {
                // JDA retries a failed handshake at once; slowed down, the retries do not eat the test's CPU.
                Thread.sleep(1000);
                respond(exchange, 404, null);
                return;
            }
            if (failing.test(request)) {
                respond(exchange, failureStatus, failureBody);
            } else if (path.equals("/users/@me")) {
                respond(exchange, 200, user(SELF_ID, "artie", true));
            } else if (path.equals("/users/@me/channels")) {
                String recipient = body.replaceAll("(?s).*\"recipient_id\"\\s*:\\s*\"?(\\d+).*", "$1");
                respond(exchange, 200, """
                        {"id":"%s","type":1,"last_message_id":null,"recipients":[%s]}
                        """.formatted(DiscordDeliveryTest.DM_CHANNEL, user(recipient, "ann", false)));
            } else if (path.matches("/channels/\\d+/typing")) {
                respond(exchange, 204, null);
            } else if (path.matches("/channels/\\d+/messages")
                    && request.method().equals("POST")) {
                respond(exchange, 200, message(Integer.toString(messageIds.incrementAndGet()), path.split("/")[2]));
            } else if (path.matches("/channels/\\d+/messages/\\d+")
                    && request.method().equals("PATCH")) {
                respond(exchange, 200, message(path.split("/")[4], path.split("/")[2]));
            } else {
                respond(exchange, 404, "{\"code\":0,\"message\":\"404: Not Found\"}");
            }
        }
    }

    private String message(String id, String channelId) {
        return """
                {"id":"%s","channel_id":"%s","type":0,"content":"ok","author":%s,
                 "timestamp":"2026-11-23T10:00:00.000000+00:00","edited_timestamp":null,"tts":false,
                 "mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],
                 "components":[],"pinned":false,"flags":0}
                """.formatted(id, channelId, user(SELF_ID, "artie", true));
    }

    private static String user(String id, String name, boolean bot) {
        return """
                {"id":"%s","username":"%s","discriminator":"0000","global_name":null,"avatar":null,"bot":%s,
                 "flags":0,"public_flags":0,"verified":true,"mfa_enabled":false}""".formatted(id, name, bot);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
