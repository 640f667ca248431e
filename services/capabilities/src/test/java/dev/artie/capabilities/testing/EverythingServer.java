package dev.artie.capabilities.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The MCP reference server {@code @modelcontextprotocol/server-everything}, installed from npm once into a cache
 * outside the build (so {@code mvn clean} does not download it again). Pinned: its tool names have changed between
 * releases ("add" became "get-sum").
 */
public final class EverythingServer {
    public static final String PACKAGE = "@modelcontextprotocol/server-everything@2026.8.31";
    private static final Path CACHE = Path.of(System.getProperty(
            "artie.mcp.cache", System.getProperty("user.home") + "/.cache/artie/mcp-everything-2026.8.31"));
    private static final Path ENTRY =
            CACHE.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

    private EverythingServer() {}

    /** The JSON of ARTIE_MCP_SERVERS naming the everything server over stdio, plus {@code extra} entries. */
    public static String serversJson(String... extra) {
        String everything = "{\"name\":\"everything\",\"command\":\"node\",\"args\":[\"" + entry() + "\",\"stdio\"]}";
        return "["
                + String.join(
                        ",",
                        java.util.stream.Stream.concat(
                                        java.util.stream.Stream.of(everything), java.util.stream.Stream.of(extra))
                                .toList())
                + "]";
    }

    /** The installed server's entry point; installs it first when needed; skips the test when npm is missing. */
    public static synchronized Path entry() {
        if (Files.isRegularFile(ENTRY)) {
            return ENTRY;
        }
        Assumptions.assumeTrue(
                onPath("npm") && onPath("node"),
                "npm and node are needed to install the MCP reference server " + PACKAGE + "; skipping");
        try {
            Files.createDirectories(CACHE);
            Process npm = new ProcessBuilder(
                            "npm", "install", "--no-audit", "--no-fund", "--prefix", CACHE.toString(), PACKAGE)
                    .redirectErrorStream(true)
                    .redirectOutput(CACHE.resolve("npm-install.log").toFile())
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException(
                        "npm install " + PACKAGE + " failed; see " + CACHE.resolve("npm-install.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not install " + PACKAGE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ENTRY;
    }

    /** The server as its own process serving {@code transport} ("streamableHttp" or "sse") on a free port, once it listens. */
    public static Process startHttp(String transport, int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", entry().toString(), transport)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the everything server (" + transport + ") did not listen on " + port);
    }

    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
