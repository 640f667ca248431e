package dev.artie.cli.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a service jar in {@link LocalStackTest}: listens on $PORT, answers health UP, and prints what
 * the local stack handed it. Only JDK classes, so that it runs from a jar holding this one class.
 */
public final class FakeService {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("PORT"));
        System.out.println("REDIS_URL=" + System.getenv("REDIS_URL"));
        System.out.println("ARTIE_MEMORY_PATH=" + System.getenv("ARTIE_MEMORY_PATH"));
        System.out.println("MICRONAUT_SERVER_HOST=" + System.getenv("MICRONAUT_SERVER_HOST"));
        System.out.println("model key passed through: " + (System.getenv("OPENROUTER_API_KEY") != null));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("12:00:00 WARN  fake service listening on " + port);
    }
}
