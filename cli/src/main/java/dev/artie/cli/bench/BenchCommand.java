package dev.artie.cli.bench;

import dev.artie.cli.CliCommand;
import dev.artie.cli.UsageException;
import dev.artie.cli.stack.ChildSpec;
import dev.artie.cli.stack.RestartPolicy;
import dev.artie.cli.stack.ServiceCatalog;
import dev.artie.cli.stack.ServiceLauncher;
import dev.artie.cli.stack.ServiceSpec;
import dev.artie.cli.stack.StackLayout;
import dev.artie.cli.stack.Supervisor;
import dev.artie.cli.status.HealthProbe;
import dev.artie.local.LocalRedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code ./artie bench}: the figures of docs/benchmarks.md, each beside its target. Starts its own Redis, fake
 * model and services on free ports, so it runs beside a local stack without touching it.
 */
public final class BenchCommand implements CliCommand {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final double RATIO_TARGET = 0.5;
    private static final double P99_TARGET_MS = 5;
    private static final double SUSTAINED_P99_MS = 50;
    private static final int SUSTAINED_TARGET = 3_000;
    private static final int REPLICAS = 3;
    private static final double ROUTER_TARGET_MS = 1;
    private static final double READY_TARGET_S = 1.5;
    private static final long RSS_TARGET_MB = 150;
    private static final int STREAMED_WORDS = 10;
    private static final Duration STREAMED_GAP = Duration.ofMillis(50);

    private final StackLayout layout;
    private final Map<String, String> env;

    @Option(names = "--messages", paramLabel = "N")
    private int messages = 50_000;

    @Option(names = "--rate", paramLabel = "N")
    private int rate = 1_000;

    @Option(names = "--seconds", paramLabel = "N")
    private int seconds = 10;

    @Option(names = "--only", paramLabel = "a,b,c,d,e,f")
    private String figures = "a,b,c,d,e,f";

    public BenchCommand(StackLayout layout, Map<String, String> env) {
        this.layout = layout;
        this.env = env;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String help() {
        return """
                bench: benchmark figures: queue throughput, pipeline latency, router overhead, start-up and memory,
                  memory search at a million memories, time to the first token
                  ./artie bench [--messages 50000] [--rate 1000] [--seconds 10] [--only a,b,c,d,e,f]
                  About five minutes; what each figure means: docs/benchmarks.md.""";
    }

    @Override
    public int run(PrintStream out) throws Exception {
        Duration duration = Duration.ofSeconds(seconds);
        Set<String> only = Set.of(figures.split(","));
        if (!Set.of("a", "b", "c", "d", "e", "f").containsAll(only)) {
            throw new UsageException("--only takes some of a,b,c,d,e,f");
        }
        Path work = Files.createTempDirectory("artie-bench");
        out.printf(
                "Artie benchmark: %d cores, Java %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), loadAverage());
        Supervisor supervisor = new Supervisor(RestartPolicy.localStack(), line -> out.println("    " + line));
        try (LocalRedisServer redis = new LocalRedisServer(work.resolve("redis"), 0).start();
                FakeModel model = new FakeModel()) {
            out.println(
                    "redis: " + redis.binary() + " on port " + redis.port() + ", append-only file on (as the stack)");
            out.println();
            try {
                if (only.contains("a")) {
                    queueThroughput(redis, messages, out);
                }
                ServiceLauncher launcher = new ServiceLauncher(layout, ServiceLauncher.currentJava(), env);
                Optional<StartedService> capabilities = Optional.empty();
                if (only.contains("b") || only.contains("d")) {
                    capabilities = start(
                            supervisor,
                            launcher,
                            "capabilities",
                            redis.url(),
                            capabilitiesEnv(model, work, 1),
                            work,
                            out);
                }
                if (only.contains("b")) {
                    pipelineLatency(capabilities, redis.url(), rate, duration, out);
                    highestRate(capabilities, redis.url(), rate, 1, out);
                    for (int replica = 2; replica <= REPLICAS && capabilities.isPresent(); replica++) {
                        start(
                                supervisor,
                                launcher,
                                "capabilities",
                                redis.url(),
                                capabilitiesEnv(model, work, replica),
                                work,
                                out);
                    }
                    highestRate(capabilities, redis.url(), rate, REPLICAS, out);
                }
                if (only.contains("c")) {
                    routerOverhead(model, out);
                }
                if (only.contains("d")) {
                    Map<String, Optional<StartedService>> started = new java.util.TreeMap<>();
                    started.put("capabilities", capabilities);
                    for (var channel : CHANNEL_ENV.entrySet()) {
                        started.put(
                                channel.getKey(),
                                start(
                                        supervisor,
                                        launcher,
                                        channel.getKey(),
                                        redis.url(),
                                        channel.getValue(),
                                        work,
                                        out));
                    }
                    footprint(started, out);
                }
                if (only.contains("e")) {
                    new MemorySearchBench(1_000_000, 10_000).run(work, out);
                }
                if (only.contains("f")) {
                    firstToken(launcher, work, out);
                }
            } finally {
                supervisor.stopAll(Duration.ofSeconds(10)); // before Redis goes, or they would complain about it
            }
        } finally {
            deleteRecursively(work);
        }
        return 0;
    }

    /**
     * Fake but well-formed settings, enough for each channel to start and be ready without its outside service
     * (nothing is sent: the bench publishes no reply to them). Discord is left out: its start logs in to Discord's
     * gateway, and a wrong token stops it. So is email: it is ready only once its IMAP inbox answers, and the bench
     * has no mail server.
     */
    private static final Map<String, Map<String, String>> CHANNEL_ENV = Map.of(
            "http-chat", Map.of(),
            "sms",
                    Map.of(
                            "ARTIE_SMS_TWILIO_ACCOUNT_SID",
                            "ACbench",
                            "ARTIE_SMS_TWILIO_AUTH_TOKEN",
                            "bench",
                            "ARTIE_SMS_FROM_NUMBER",
                            "+15550000000",
                            "ARTIE_SMS_PUBLIC_URL",
                            "http://127.0.0.1:9",
                            "ARTIE_SMS_API_BASE_URL",
                            "http://127.0.0.1:9"));

    /** Each replica keeps its own memory file: SQLite is one writer's store (PostgreSQL is for replicas). */
    private static Map<String, String> capabilitiesEnv(FakeModel model, Path work, int replica) {
        return Map.of(
                "ARTIE_MODEL_BASE_URL",
                model.baseUrl().toString(),
                "ARTIE_MODEL_API_KEY",
                "bench-key",
                "ARTIE_MODEL_MODELS",
                FakeModel.MODEL,
                "ARTIE_MODEL_FREE_MODELS",
                FakeModel.MODEL,
                "ARTIE_MEMORY_PATH",
                work.resolve("memory-" + replica + ".db").toString());
    }

    /**
     * The highest rate whose p99 stays under {@link #SUSTAINED_P99_MS} with every message answered: short runs,
     * doubling from {@code from} until one misses, then bisecting between the last held and the first missed.
     */
    private static void highestRate(
            Optional<StartedService> capabilities, String redisUrl, int from, int replicas, PrintStream out)
            throws InterruptedException {
        String label = "highest rate, p99 < " + (int) SUSTAINED_P99_MS + " ms, " + replicas
                + (replicas == 1 ? " replica" : " replicas");
        if (capabilities.isEmpty()) {
            Figure.unavailable(label, "the capabilities service did not start (see above)")
                    .print(out);
            return;
        }
        PipelineLatency pipeline = new PipelineLatency(redisUrl);
        pipeline.run(from, Duration.ofSeconds(2)); // warm-up, and new replicas join the group
        int held = 0;
        int missed = 0;
        for (int rate = from; missed == 0 && rate <= 64_000; rate *= 2) {
            if (holds(pipeline, rate, out)) {
                held = rate;
            } else {
                missed = rate;
            }
        }
        while (missed > 0 && missed - held > Math.max(100, held / 10)) {
            int rate = (held + missed) / 2;
            if (holds(pipeline, rate, out)) {
                held = rate;
            } else {
                missed = rate;
            }
        }
        String value = held == 0 ? "below " + from + " msg/s" : String.format("%,d msg/s", held);
        new Figure(
                        label,
                        value,
                        replicas == 1 ? ">= " + String.format("%,d", SUSTAINED_TARGET) + " msg/s" : "",
                        held >= SUSTAINED_TARGET)
                .print(out);
        out.println();
    }

    /** One short run: held if the sender kept the rate and every reply came back with p99 under the limit. */
    private static boolean holds(PipelineLatency pipeline, int rate, PrintStream out) throws InterruptedException {
        PipelineLatency.Result result = pipeline.run(rate, Duration.ofSeconds(3));
        Latencies latencies = result.latencies();
        boolean held = latencies.count() == result.sent()
                && result.sendRate() >= 0.95 * rate
                && latencies.millis(99) < SUSTAINED_P99_MS;
        out.printf(
                "      %,6d msg/s: sent at %,.0f, answered %,d / %,d, p99 %s%s%n",
                rate,
                result.sendRate(),
                latencies.count(),
                result.sent(),
                ms(latencies.millis(99)),
                held ? "" : " (missed)");
        return held;
    }

    /** Other work on the machine competes for its cores; the figures mean little without this. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void queueThroughput(LocalRedisServer redis, int messages, PrintStream out) throws Exception {
        out.printf("(a) queue: publish -> consume -> ack, %,d messages (StreamPublisher, StreamConsumer)%n", messages);
        QueueThroughput queue = new QueueThroughput(redis.url());
        queue.measure("bench:warm-up", Math.min(messages, 10_000));
        double ours = queue.measure("bench:queue", messages);
        new Figure("artie queue", String.format("%,.0f msg/s", ours), "", true).print(out);
        Optional<Path> redisBenchmark = RedisBenchmark.find();
        if (redisBenchmark.isEmpty()) {
            Figure.unavailable(
                            "redis-benchmark XADD",
                            "redis-benchmark is not on the PATH (it comes with the "
                                    + "Redis server package, e.g. apt-get install redis-tools); no ratio")
                    .print(out);
        } else {
            double theirs = RedisBenchmark.xaddPerSecond(redisBenchmark.get(), redis.port());
            new Figure("redis-benchmark XADD (50 clients)", String.format("%,.0f req/s", theirs), "", true).print(out);
            double ratio = ours / theirs;
            new Figure("ratio", String.format("%.2f", ratio), ">= " + RATIO_TARGET, ratio >= RATIO_TARGET).print(out);
        }
        out.println();
    }

    private static void pipelineLatency(
            Optional<StartedService> capabilities, String redisUrl, int rate, Duration duration, PrintStream out)
            throws InterruptedException {
        out.printf(
                "(b) end to end: artie:incoming -> capabilities -> instant model -> reply stream, %,d msg/s for %d s%n",
                rate, duration.toSeconds());
        if (capabilities.isEmpty()) {
            Figure.unavailable("latency", "the capabilities service did not start (see above)")
                    .print(out);
            out.println();
            return;
        }
        PipelineLatency pipeline = new PipelineLatency(redisUrl);
        pipeline.run(rate, Duration.ofSeconds(2)); // warm-up: the service's JIT, connections, SQLite
        PipelineLatency.Result result = pipeline.run(rate, duration);
        Latencies latencies = result.latencies();
        new Figure(
                        "sent / answered",
                        String.format(
                                "%,d / %,d (sent at %,.0f msg/s)", result.sent(), latencies.count(), result.sendRate()),
                        "",
                        true)
                .print(out);
        new Figure("p50", ms(latencies.millis(50)), "", true).print(out);
        new Figure(
                        "p99",
                        ms(latencies.millis(99)),
                        "< " + (int) P99_TARGET_MS + " ms",
                        latencies.count() == result.sent() && latencies.millis(99) < P99_TARGET_MS)
                .print(out);
        new Figure("max", ms(latencies.millis(100)), "", true).print(out);
        new Figure("Redis commands per message", result.redisCommands(), "", true).print(out);
        out.println();
    }

    private static void routerOverhead(FakeModel model, PrintStream out) throws Exception {
        int calls = 5_000;
        out.printf("(c) model router over a direct HTTP call to the same instant model, %,d calls each%n", calls);
        RouterOverhead.Result result = new RouterOverhead(model).measure(2_000, calls);
        new Figure(
                        "direct call p50 / p99",
                        ms(result.direct().millis(50)) + " / "
                                + ms(result.direct().millis(99)),
                        "",
                        true)
                .print(out);
        new Figure(
                        "router p50 / p99",
                        ms(result.router().millis(50)) + " / "
                                + ms(result.router().millis(99)),
                        "",
                        true)
                .print(out);
        double overhead = result.router().millis(50) - result.direct().millis(50);
        new Figure("overhead p50", ms(overhead), "< " + (int) ROUTER_TARGET_MS + " ms", overhead < ROUTER_TARGET_MS)
                .print(out);
        out.println();
    }

    private static void footprint(Map<String, Optional<StartedService>> services, PrintStream out) {
        out.println("(d) start-up (process start -> /health/readiness UP) and resident memory");
        services.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String name = entry.getKey();
            if (entry.getValue().isEmpty()) {
                Figure.unavailable(name, "did not start (see above)").print(out);
                return;
            }
            StartedService service = entry.getValue().get();
            new Figure(
                            name + " start to ready",
                            String.format(
                                    "%.2f s%s", service.readySeconds(), service.hadArchive() ? "" : " (first start)"),
                            "< " + READY_TARGET_S + " s",
                            service.readySeconds() < READY_TARGET_S)
                    .print(out);
            OptionalLong rss = service.rssMegabytes();
            OptionalLong peak = service.peakRssMegabytes();
            new Figure(
                            name + " RSS now / peak",
                            rss.isPresent()
                                    ? rss.getAsLong() + " / " + peak.getAsLong() + " MB"
                                    : "unavailable (no /proc)",
                            "< " + RSS_TARGET_MB + " MB",
                            peak.isPresent() && peak.getAsLong() < RSS_TARGET_MB)
                    .print(out);
        });
    }

    /**
     * (f) With its own Redis and capabilities service, so that the replicas of (b), answering with the instant model,
     * take none of its messages.
     */
    private void firstToken(ServiceLauncher launcher, Path work, PrintStream out) throws Exception {
        int messages = 50;
        out.printf(
                "(f) time to first token: artie:incoming -> capabilities -> a model streaming %d words %d ms apart "
                        + "-> artie:deltas:<id>, %d messages one at a time%n",
                STREAMED_WORDS, STREAMED_GAP.toMillis(), messages);
        try (LocalRedisServer redis = new LocalRedisServer(work.resolve("redis-f"), 0).start();
                FakeModel model = FakeModel.streaming(STREAMED_WORDS, STREAMED_GAP);
                Supervisor supervisor =
                        new Supervisor(RestartPolicy.localStack(), line -> out.println("    " + line))) {
            Optional<StartedService> capabilities = start(
                    supervisor, launcher, "capabilities", redis.url(), capabilitiesEnv(model, work, 0), work, out);
            if (capabilities.isEmpty()) {
                Figure.unavailable("first token", "the capabilities service did not start (see above)")
                        .print(out);
                return;
            }
            FirstToken bench = new FirstToken(redis.url());
            bench.run(10); // warm-up
            FirstToken.Result result = bench.run(messages);
            long modelTakes = STREAMED_GAP.toMillis() * (STREAMED_WORDS - 1);
            new Figure(
                            "first token p50 / p99",
                            ms(result.firstToken().millis(50)) + " / "
                                    + ms(result.firstToken().millis(99))
                                    + String.format(
                                            " (%d of %d)", result.firstToken().count(), messages),
                            "",
                            true)
                    .print(out);
            new Figure(
                            "whole reply p50 / p99",
                            ms(result.reply().millis(50)) + " / "
                                    + ms(result.reply().millis(99))
                                    + String.format(
                                            " (%d of %d; the model takes %d ms)",
                                            result.reply().count(), messages, modelTakes),
                            "",
                            true)
                    .print(out);
        }
        out.println();
    }

    /** Starts a service jar on a free port and waits until it is ready; empty (after saying why) if it cannot. */
    private Optional<StartedService> start(
            Supervisor supervisor,
            ServiceLauncher launcher,
            String name,
            String redisUrl,
            Map<String, String> extraEnv,
            Path work,
            PrintStream out)
            throws InterruptedException {
        ServiceSpec service = ServiceCatalog.named(name);
        if (!Files.isRegularFile(service.jarIn(layout.root()))) {
            out.println("    " + name + ": " + service.jar() + " is missing; ./artie build makes it");
            return Optional.empty();
        }
        int port = LocalRedisServer.freePort();
        ChildSpec spec = launcher.childSpec(service, port, redisUrl, extraEnv).withLog(work.resolve(name + ".log"));
        boolean hadArchive = Files.exists(service.aotCacheIn(layout.root()))
                || Files.exists(layout.cds().resolve(name + ".jsa"));
        try {
            Files.createDirectories(layout.cds());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HealthProbe health = new HealthProbe(Duration.ofSeconds(1));
        URI base = URI.create("http://127.0.0.1:" + port);
        long start = System.nanoTime();
        var child = supervisor.start(spec);
        long deadline = start + READY_TIMEOUT.toNanos();
        while (!health.ready(base)) {
            if (System.nanoTime() > deadline) {
                out.println("    " + name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; last lines of "
                        + "its log:");
                tail(spec.log(), out);
                return Optional.empty();
            }
            Thread.sleep(10);
        }
        return Optional.of(new StartedService(child, (System.nanoTime() - start) / 1e9, hadArchive));
    }

    private static void tail(Path log, PrintStream out) {
        try (Stream<String> lines = Files.lines(log)) {
            var all = lines.toList();
            all.subList(Math.max(0, all.size() - 10), all.size()).forEach(line -> out.println("      " + line));
        } catch (IOException e) {
            out.println("      (no log: " + e.getMessage() + ")");
        }
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format("%.2f ms", millis);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
