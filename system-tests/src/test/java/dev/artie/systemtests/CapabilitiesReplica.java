package dev.artie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.LocalRedisServer;
import dev.artie.shared.testing.LocalStackProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One capabilities replica as its own process, started from the built jar as `up` or a pod starts it: its own port
 * and log under {@code dir}, none of this machine's ARTIE_ variables, only {@code environment}.
 */
record CapabilitiesReplica(String name, Process process, int port, Path log) {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Starts a replica and waits until it is ready. */
    static CapabilitiesReplica start(Path dir, String name, Map<String, String> environment) throws IOException {
        int port = LocalRedisServer.freePort();
        Path log = dir.resolve("capabilities-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        // The JVM options of the local stack and the images.
                        "@" + LocalStackProcess.repository().resolve("jvm/jvm.options"),
                        "-jar",
                        LocalStackProcess.repository()
                                .resolve("services/capabilities/target/artie-capabilities-0.1.0-SNAPSHOT-all.jar")
                                .toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("ARTIE_") || key.equals("OPENROUTER_API_KEY"));
        builder.environment().putAll(environment);
        builder.environment().putAll(Map.of("PORT", Integer.toString(port), "MICRONAUT_SERVER_HOST", "127.0.0.1"));
        CapabilitiesReplica replica = new CapabilitiesReplica(name, builder.start(), port, log);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(replica.process().isAlive())
                            .as("replica %s exited: %s", name, replica.logText())
                            .isTrue();
                    return replica.status("/health/readiness") == 200;
                });
        return replica;
    }

    /** The HTTP status of a GET, or 0 while nothing answers. */
    int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException notYet) {
            return 0;
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }
}
