package dev.artie.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.local.LocalRedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The real `./artie up` (the command-line jar) in a temporary directory, with capabilities, http-chat and any other
 * channels asked for on free ports and the given Redis, for tests that use the stack as a person would. The service
 * jars must have been built (`mvn verify` builds them before the modules whose tests use this).
 */
public final class LocalStackProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path root;
    private final Process process;
    private final Map<String, Integer> ports;

    private LocalStackProcess(Path root, Process process, Map<String, Integer> ports) {
        this.root = root;
        this.process = process;
        this.ports = ports;
    }

    /**
     * Starts the stack with none of the caller's ARTIE_ or model variables, plus {@code env}; returns once every
     * service is ready, or fails with `up`'s output. {@code alsoReady} can hold start-up back for a companion
     * process (a Prometheus server, say). {@code channels} are the channels besides http-chat to run ("sms",
     * "email"); `up` starts each only when {@code env} holds its credentials.
     */
    public static LocalStackProcess start(
            String redisUrl, Map<String, String> env, BooleanSupplier alsoReady, String... channels)
            throws IOException {
        Path repo = repository();
        Path root = Files.createTempDirectory("artie-stack");
        // `up` starts each service with the checkout's JVM options (jvm/jvm.options), as from a checkout.
        Files.createDirectories(root.resolve("jvm"));
        Files.createSymbolicLink(root.resolve("jvm/jvm.options"), repo.resolve("jvm/jvm.options"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                repo.resolve("cli/target/artie-cli.jar").toString(),
                "up",
                "--redis-url",
                redisUrl));
        List<String> services = new ArrayList<>(List.of("capabilities", "http-chat"));
        services.addAll(List.of(channels));
        for (String service : services) {
            // `up` finds the service jars under its working directory, as in a checkout.
            Path jar = repo.resolve("services/" + service + "/target/artie-" + service + "-0.1.0-SNAPSHOT-all.jar");
            assertThat(jar)
                    .as("runnable jar (built by `mvn verify` before this module)")
                    .isRegularFile();
            Path link = root.resolve("services/" + service + "/target/" + jar.getFileName());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, jar);
            ports.put(service, LocalRedisServer.freePort());
            command.addAll(List.of("--port", service + "=" + ports.get(service)));
        }
        ProcessBuilder up = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("up.log").toFile());
        up.environment()
                .keySet()
                .removeIf(name ->
                        name.startsWith("ARTIE_") || name.equals("OPENROUTER_API_KEY") || name.equals("REDIS_URL"));
        up.environment().putAll(env);
        LocalStackProcess stack = new LocalStackProcess(root, up.start(), Map.copyOf(ports));
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(stack.process.isAlive())
                            .as("`up` exited early; its output: %s", stack.file("up.log"))
                            .isTrue();
                    // `up` says "ready" only when the UP comes from the process it started (another test's service may
                    // have taken a port between freePort() and the service binding it).
                    String upOutput = stack.file("up.log");
                    return services.stream().allMatch(service -> upOutput.contains(service + ": ready after"))
                            && ports.values().stream().allMatch(port -> stack.status(port, "/health/readiness") == 200)
                            && alsoReady.getAsBoolean();
                });
        return stack;
    }

    public Path root() {
        return root;
    }

    public int chatPort() {
        return port("http-chat");
    }

    public int capabilitiesPort() {
        return port("capabilities");
    }

    /** The port of a service started by {@link #start}, e.g. "sms". */
    public int port(String service) {
        return ports.get(service);
    }

    /** Every service's port, by name. */
    public Map<String, Integer> ports() {
        return ports;
    }

    /** The running service process whose command line names {@code jarName}, e.g. "artie-capabilities". */
    public ProcessHandle serviceProcess(String jarName) {
        Optional<ProcessHandle> found = process.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(jarName))
                .findFirst();
        assertThat(found).as("a running %s process", jarName).isPresent();
        return found.get();
    }

    public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP status of a GET, or 0 while nothing answers. */
    public int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (IOException | InterruptedException notYet) {
            return 0;
        }
    }

    /** A file under the stack's directory, e.g. "up.log" or ".artie/logs/capabilities.log". */
    public String file(String name) {
        try {
            return Files.readString(root.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    /** Stops the stack as Ctrl-C does, and waits until none of its processes is left. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        process.waitFor();
        await().atMost(Duration.ofSeconds(40)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    public static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/queue.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (docs/queue.md)");
        }
        return dir;
    }
}
