package dev.artie.cli.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** An OpenAI-compatible chat-completions endpoint that answers at once, so that only Artie's own time is measured. */
final class FakeModel implements AutoCloseable {
    static final String MODEL = "bench/instant";
    private static final byte[] ANSWER = """
            {"id":"bench","object":"chat.completion","created":0,"model":"bench/instant","choices":[{"index":0,\
            "message":{"role":"assistant","content":"Hello from the instant model."},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final AtomicLong calls = new AtomicLong();

    FakeModel() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            exchange.close();
            calls.incrementAndGet();
        });
        server.start();
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
