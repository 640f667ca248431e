package dev.artie.cli.stack;

import dev.artie.local.LocalRedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running local stack: Redis (unless an external one is used), the services under a {@link Supervisor}, and
 * the stack file that lets {@code ./artie status} find them.
 */
public final class LocalStack {
    private static final int REDIS_PORT = 6379;
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private final StackLayout layout;
    private final ServiceLauncher launcher;
    private final Supervisor supervisor;
    private LocalRedisServer redis;
    private String redisUrl;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    public LocalStack(StackLayout layout, ServiceLauncher launcher, PrintStream out) {
        this.layout = layout;
        this.launcher = launcher;
        this.supervisor = new Supervisor(RestartPolicy.localStack(), out::println, restarted -> writeStackFile());
    }

    /**
     * @param externalRedisUrl Redis to use; empty to start one in {@code .artie/redis} (on 6379, or a free port)
     * @param ports            the services to start, in order, with their ports
     */
    public void start(Optional<String> externalRedisUrl, Map<ServiceSpec, Integer> ports, PrintStream out) {
        createDirectories();
        if (externalRedisUrl.isPresent()) {
            redisUrl = externalRedisUrl.get();
        } else {
            int port = PortCheck.free(REDIS_PORT) ? REDIS_PORT : 0;
            redis = new LocalRedisServer(layout.redisData(), port).start();
            redisUrl = redis.url();
            out.println("redis: " + redis.binary().getFileName() + " on port " + redis.port()
                    + (port == 0 ? " (6379 is taken)" : "") + ", data in .artie/redis");
        }
        ports.forEach((service, port) -> this.ports.put(service.name(), port));
        writeStackFile();
        ports.forEach((service, port) -> {
            supervisor.start(launcher.childSpec(service, port, redisUrl, Map.of()));
            out.println(
                    service.name() + ": starting on port " + port + " (log: .artie/logs/" + service.name() + ".log)");
        });
    }

    /** Tells {@code ./artie status} where everything is and how often each service was restarted. */
    private synchronized void writeStackFile() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        supervisor.children().forEach(child -> restarts.put(child.name(), child.restarts()));
        new StackFile(
                        ProcessHandle.current().pid(),
                        Optional.ofNullable(redis).map(LocalRedisServer::url),
                        ports,
                        restarts)
                .write(layout.stackFile());
    }

    /** Services first (they finish in-flight messages while Redis is still there), then Redis. */
    public void stop() {
        supervisor.stopAll(STOP_GRACE);
        if (redis != null) {
            redis.stop();
        }
        StackFile.delete(layout.stackFile());
    }

    public String redisUrl() {
        return redisUrl;
    }

    /** The process id of the service {@code name} as it runs now; -1 while it has none. */
    public long pid(String name) {
        return supervisor.children().stream()
                .filter(child -> child.name().equals(name))
                .findFirst()
                .map(SupervisedChild::pid)
                .orElse(-1L);
    }

    public List<SupervisedChild> children() {
        return supervisor.children();
    }

    private void createDirectories() {
        try {
            Files.createDirectories(layout.logs());
            Files.createDirectories(layout.cds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + layout.stateDir(), e);
        }
    }
}
