package dev.artie.cli.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible chat-completions endpoint that answers at once, so that only Artie's own time is measured; or,
 * {@link #streaming}, one that streams its answer in pieces at a steady pace, for the time to the first token.
 */
final class FakeModel implements AutoCloseable {
    static final String MODEL = "bench/instant";
    private static final byte[] ANSWER = """
            {"id":"bench","object":"chat.completion","created":0,"model":"bench/instant","choices":[{"index":0,\
            "message":{"role":"assistant","content":"Hello from the instant model."},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final AtomicLong calls = new AtomicLong();

    FakeModel() {
        this(0, Duration.ZERO);
    }

    /** Streams every answer (server-sent events) as {@code pieces} words, {@code gap} apart. */
    static FakeModel streaming(int pieces, Duration gap) {
        return new FakeModel(pieces, gap);
    }

    private FakeModel(int pieces, Duration gap) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (pieces == 0) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ANSWER.length);
                exchange.getResponseBody().write(ANSWER);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                for (int i = 0; i < pieces; i++) {
                    if (i > 0) {
                        pause(gap);
                    }
                    event(body, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word" + i + " \"}}]}");
                }
                event(body, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
                event(body, "[DONE]");
            }
            exchange.close();
            calls.incrementAndGet();
        });
        server.start();
    }

    private static void event(OutputStream body, String data) throws IOException {
        body.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    private static void pause(Duration gap) {
        try {
            Thread.sleep(gap);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What ARTIE_MODEL_BASE_URL is set to. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    URI completionsUrl() {
        return URI.create(baseUrl() + "/chat/completions");
    }

    long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
