package dev.artie.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A real HTTP server answering {@code /health} and {@code /health/readiness} the way a Micronaut service does. */
public final class FakeHealthServer implements AutoCloseable {
    private final HttpServer server;
    private volatile boolean up;

    public FakeHealthServer(boolean up) {
        this.up = up;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/health", exchange -> {
            String status = this.up ? "UP" : "DOWN";
            String body = """
                    {"name":"fake","status":"%s","details":{"redis":{"name":"fake","status":"%s",\
                    "details":{"state":"%s"}},"service":{"name":"fake","status":"UP"}}}""".formatted(status, status, this.up ? "reachable" : "unreachable");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(this.up ? 200 : 503, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public void setUp(boolean up) {
        this.up = up;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
