package dev.artie.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server as a child process, for the local stack and for tests: {@code redis-server} from the PATH
 * when there is one, else the Linux/macOS binary shipped in the embedded-redis jar. Append-only persistence is on,
 * so a restart keeps acknowledged messages. Memory is capped ({@link #DEFAULT_MAX_MEMORY}) with {@code noeviction}:
 * a full Redis refuses new writes instead of evicting queue state or being killed (docs/queue.md, "Durability").
 */
public final class LocalRedisServer implements AutoCloseable {
    private static final String EMBEDDED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";
    public static final String DEFAULT_MAX_MEMORY = "256mb";

    private final Path binary;
    private final Path dataDir;
    private final int port;
    private String password;
    private String maxMemory = DEFAULT_MAX_MEMORY;
    private Process process;

    public LocalRedisServer(Path dataDir, int port) {
        this(findBinary(), dataDir, port);
    }

    public LocalRedisServer(Path binary, Path dataDir, int port) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.port = port == 0 ? freePort() : port;
    }

    /** {@code redis-server} from the PATH, or the one shipped in the embedded-redis jar. */
    public static Path findBinary() {
        String override = System.getenv("ARTIE_REDIS_SERVER");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return embeddedBinary();
    }

    /** The Redis 6.2 binary inside the embedded-redis jar, unpacked once into the temp directory. */
    public static Path embeddedBinary() {
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        String resource = os.contains("mac")
                ? (arch.contains("aarch64")
                        ? "/redis-server-6.2.6-v5-darwin-arm64"
                        : "/redis-server-6.2.6-v5-darwin-amd64")
                : (arch.contains("aarch64") ? "/redis-server-6.2.7-linux-arm64" : EMBEDDED_BINARY);
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "artie-redis", resource.substring(1));
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = LocalRedisServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and no embedded Redis for " + os + "/"
                        + arch + "; install Redis or set REDIS_URL");
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "redis", ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded Redis server", e);
        }
    }

    /** Makes the server ask for {@code password} (Redis's {@code requirepass}); call before {@link #start}. */
    public synchronized LocalRedisServer requirePassword(String password) {
        this.password = password;
        return this;
    }

    /** Caps the server's memory (Redis's {@code maxmemory}, e.g. {@code 2mb}); call before {@link #start}. */
    public synchronized LocalRedisServer maxMemory(String maxMemory) {
        this.maxMemory = maxMemory;
        return this;
    }

    public synchronized LocalRedisServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            List<String> command = new ArrayList<>(List.of(
                    binary.toString(),
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    dataDir.toString(),
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "everysec",
                    "--save",
                    "",
                    "--maxmemory",
                    maxMemory,
                    "--maxmemory-policy",
                    "noeviction",
                    "--protected-mode",
                    "yes",
                    "--daemonize",
                    "no",
                    "--loglevel",
                    "warning"));
            if (password != null) {
                command.addAll(List.of("--requirepass", password));
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("redis.log").toFile())
                    .start();
            waitUntilAccepting(Duration.ofSeconds(10));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    /** Kills the server at once, as a crash would (no final save beyond what the append-only file holds). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Stops the server with SIGTERM, letting it flush its append-only file. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitFor(process);
            process = null;
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    public Path binary() {
        return binary;
    }

    @Override
    public void close() {
        stop();
    }

    private void waitUntilAccepting(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start; see " + dataDir.resolve("redis.log"));
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not accept connections on port " + port);
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
