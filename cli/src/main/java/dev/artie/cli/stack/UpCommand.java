package dev.artie.cli.stack;

import dev.artie.catalogue.ArtieService;
import dev.artie.cli.CliCommand;
import dev.artie.cli.StackOptions;
import dev.artie.cli.StackTarget;
import dev.artie.cli.status.HealthProbe;
import dev.artie.cli.status.StackStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/**
 * {@code ./artie up}: Redis (REDIS_URL, or a local server), then every configured service as its own JVM,
 * supervised; prints the chat URL and the status table, and stops everything on Ctrl-C or SIGTERM.
 */
public final class UpCommand implements CliCommand {
    private final StackLayout layout;
    private final Map<String, String> env;

    @Option(names = "--port", paramLabel = "SERVICE=PORT")
    private List<String> portFlags = new ArrayList<>();

    @Option(names = "--redis-url", paramLabel = "URL")
    private String redisUrl;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS")
    private int readySeconds = 120;

    public UpCommand(StackLayout layout, Map<String, String> env) {
        this.layout = layout;
        this.env = env;
    }

    @Override
    public String name() {
        return "up";
    }

    @Override
    public String help() {
        return """
                up: start the local stack (Redis, capabilities, HTTP chat, each channel whose credentials are set)
                  ./artie up [--port SERVICE=PORT]... [--redis-url URL] [--ready-timeout SECONDS]
                  Uses REDIS_URL when set, else starts Redis with its data in .artie/redis. Logs: .artie/logs/.
                  Ctrl-C stops everything. Variables: docs/local-stack.md.""";
    }

    @Override
    public int run(PrintStream out) throws InterruptedException {
        Optional<StackFile> running = StackFile.readLive(layout.stackFile());
        if (running.isPresent()) {
            out.println("a local stack already runs (process " + running.get().pid()
                    + "); ./artie status shows it, Ctrl-C in its terminal stops it");
            return 1;
        }
        StackTarget target = new StackTarget(new StackOptions(redisUrl, portFlags), env, Optional.empty());
        Map<ServiceSpec, Integer> ports = servicesToStart(target, out);
        if (ports == null) {
            return 1;
        }
        Optional<String> externalRedis = Optional.ofNullable(redisUrl)
                .or(() -> Optional.ofNullable(env.get("REDIS_URL")).filter(url -> !url.isBlank()));

        LocalStack stack = new LocalStack(layout, new ServiceLauncher(layout, ServiceLauncher.currentJava(), env), out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("stopping the local stack...");
                            stack.stop();
                            out.println("stopped");
                            stopped.countDown();
                        },
                        "stop-local-stack"));
        stack.start(externalRedis, ports, out);

        HealthProbe health = new HealthProbe(Duration.ofSeconds(2));
        Duration readyTimeout = Duration.ofSeconds(readySeconds);
        new ReadinessWait(health, out).awaitAll(List.copyOf(ports.keySet()), target, readyTimeout, stack::pid);
        out.println();
        ports.entrySet().stream()
                .filter(e -> e.getKey().name().equals(ArtieService.HTTP_CHAT.id()))
                .findFirst()
                .ifPresent(e -> out.println("Chat: http://localhost:" + e.getValue() + "/"));
        out.println();
        new StackStatus(health, env).collect(asRunning(stack.redisUrl(), ports)).print(out);
        out.println();
        out.println("Ctrl-C stops everything; ./artie status in another terminal shows the stack again.");
        stopped.await(); // until the shutdown hook has stopped everything
        return 0;
    }

    /** Core services and configured channels with their ports; null (after saying why) when one cannot start. */
    private Map<ServiceSpec, Integer> servicesToStart(StackTarget target, PrintStream out) {
        Map<ServiceSpec, Integer> chosen = new LinkedHashMap<>();
        boolean ok = true;
        for (ServiceSpec service : ServiceCatalog.ALL) {
            if (!service.configured(env)) {
                out.println(
                        service.name() + ": off (set " + String.join(" and ", service.requiredEnv()) + " to start it)");
                continue;
            }
            if (!Files.isRegularFile(service.jarIn(layout.root()))) {
                out.println(service.name() + ": " + service.jar() + " is missing; ./artie build makes it");
                ok &= !service.core();
                continue;
            }
            int port = target.port(service);
            if (!PortCheck.free(port)) {
                out.println(service.name() + ": port " + port + " is taken (an earlier stack, or another program); "
                        + "free it or pick another with --port " + service.name() + "=PORT or "
                        + service.portVariable());
                ok = false;
                continue;
            }
            chosen.put(service, port);
        }
        return ok ? chosen : null;
    }

    /** The target as the stack now runs: its Redis and its ports, whichever flags chose them. */
    private StackTarget asRunning(String runningRedis, Map<ServiceSpec, Integer> chosen) {
        List<String> runningPorts = new ArrayList<>();
        chosen.forEach((service, port) -> runningPorts.add(service.name() + "=" + port));
        return new StackTarget(new StackOptions(runningRedis, runningPorts), env, Optional.empty());
    }
}
