package dev.artie.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.cli.status.StatusCommand;
import dev.artie.local.LocalRedisServer;
import dev.artie.shared.testing.RedisExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The local stack with stand-in service jars: started, found by status, restarted after a crash, stopped. */
class LocalStackTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    Path root;

    @Test
    void startsServicesWithTheirEnvironmentRestartsACrashedOneAndStopsThemAll() throws Exception {
        StackLayout layout = new StackLayout(root);
        ServiceSpec capabilities = ServiceCatalog.named("capabilities");
        ServiceSpec httpChat = ServiceCatalog.named("http-chat");
        writeFakeJar(capabilities.jarIn(root));
        writeFakeJar(httpChat.jarIn(root));
        // The services' real JVM options, where the launcher looks for them (the tests run in cli/).
        Files.createDirectories(layout.jvmOptions().getParent());
        Files.copy(Path.of("..", "jvm", "jvm.options"), layout.jvmOptions());
        Map<ServiceSpec, Integer> ports = new LinkedHashMap<>();
        ports.put(capabilities, LocalRedisServer.freePort());
        ports.put(httpChat, LocalRedisServer.freePort());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        Map<String, String> callerEnv = Map.of("PATH", System.getenv("PATH"), "OPENROUTER_API_KEY", "sk-test");
        LocalStack stack =
                new LocalStack(layout, new ServiceLauncher(layout, ServiceLauncher.currentJava(), callerEnv), out);
        try {
            stack.start(Optional.of(redis.url()), ports, out);

            // status finds the services' ports in the stack file, and says ONLINE once they answer
            await().atMost(Duration.ofSeconds(15)).until(() -> status(layout).code() == 0);
            Path log = layout.logs().resolve("capabilities.log");
            assertThat(Files.readString(log))
                    .contains(
                            "REDIS_URL=" + redis.url(),
                            "ARTIE_MEMORY_PATH=" + layout.memoryDb(),
                            "MICRONAUT_SERVER_HOST=127.0.0.1",
                            "model key passed through: true");
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("[capabilities] 12:00:00 WARN  fake service listening on " + ports.get(capabilities));

            SupervisedChild crashed = stack.children().getFirst();
            long crashedPid = crashed.pid();
            ProcessHandle.of(crashedPid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> crashed.restarts() == 1 && status(layout).code() == 0);
            assertThat(crashed.pid()).isNotEqualTo(crashedPid);
            assertThat(status(layout).output()).contains("restarted 1 time by ./artie up");
        } finally {
            List<ProcessHandle> children = stack.children().stream()
                    .map(c -> ProcessHandle.of(c.pid()))
                    .flatMap(Optional::stream)
                    .toList();
            stack.stop();
            assertThat(children).hasSize(2).noneMatch(ProcessHandle::isAlive);
            assertThat(layout.stackFile()).doesNotExist();
        }
    }

    private Status status(StackLayout layout) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code = CommandLine.populateCommand(new StatusCommand(layout, Map.of()), "--redis-url", redis.url())
                .run(new PrintStream(output, true, StandardCharsets.UTF_8));
        return new Status(code, output.toString(StandardCharsets.UTF_8));
    }

    private record Status(int code, String output) {}

    /** A runnable jar holding just {@link FakeService}. */
    private static void writeFakeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String classFile = FakeService.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream in = FakeService.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
