package dev.artie.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.artie.cli.StackOptions;
import dev.artie.cli.StackTarget;
import dev.artie.cli.status.HealthProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 20: "healthy" must mean that the process the stack started answers. A free port chosen by closing a
 * probe socket can be taken by another program before the service binds it (two stacks on one machine, another
 * test's service); the service then cannot listen, while the other answers UP on its port.
 */
class ReadinessWaitTest {
    private final ServiceSpec httpChat = ServiceCatalog.named("http-chat");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private HttpServer impostor;

    @BeforeEach
    void anotherServiceHoldsThePort() throws Exception {
        impostor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // What a service of another stack answers: UP, from its own process (this JVM here).
        byte[] body = ("{\"name\":\"http-chat\",\"status\":\"UP\",\"details\":{\"process\":{\"name\":\"process\","
                        + "\"status\":\"UP\",\"details\":{\"pid\":"
                        + ProcessHandle.current().pid() + "}},\"redis\":"
                        + "{\"name\":\"redis\",\"status\":\"UP\",\"details\":{\"state\":\"reachable\"}}}}")
                .getBytes(StandardCharsets.UTF_8);
        impostor.createContext("/health/readiness", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        impostor.start();
    }

    @AfterEach
    void stop() {
        impostor.stop(0);
    }

    @Test
    void anUpFromAnotherProcessOnThePortIsNotReady() throws Exception {
        Process ours = new ProcessBuilder("sleep", "60").start(); // started, but could not bind its port
        try {
            boolean ready = awaitReady(ours.pid());

            assertThat(ready).isFalse();
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("http-chat: not ready after 1 s");
        } finally {
            ours.destroyForcibly();
        }
    }

    @Test
    void anUpFromTheStartedProcessIsReady() throws Exception {
        assertThat(awaitReady(ProcessHandle.current().pid())).isTrue();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("http-chat: ready after");
    }

    private boolean awaitReady(long startedPid) throws InterruptedException {
        StackTarget target = new StackTarget(
                new StackOptions(
                        null, List.of("http-chat=" + impostor.getAddress().getPort())),
                Map.of(),
                Optional.empty());
        return new ReadinessWait(
                        new HealthProbe(Duration.ofSeconds(2)), new PrintStream(console, true, StandardCharsets.UTF_8))
                .awaitAll(List.of(httpChat), target, Duration.ofSeconds(1), name -> startedPid);
    }
}
