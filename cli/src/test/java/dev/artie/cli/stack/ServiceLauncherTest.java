package dev.artie.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceLauncherTest {
    private static final StackLayout LAYOUT = new StackLayout(Path.of("/repo"));

    @Test
    void theServiceGetsTheCallersEnvironmentWithItsOwnRedisPortAndMemory() {
        ServiceLauncher launcher = new ServiceLauncher(
                LAYOUT,
                Path.of("/jdk/bin/java"),
                Map.of("OPENROUTER_API_KEY", "sk-x", "PORT", "1234", "REDIS_URL", "redis://elsewhere"));

        ChildSpec spec = launcher.childSpec(
                ServiceCatalog.named("capabilities"),
                8081,
                "redis://127.0.0.1:6379",
                Map.of("ARTIE_MEMORY_PATH", "/tmp/bench.db"));

        assertThat(spec.env())
                .containsEntry("OPENROUTER_API_KEY", "sk-x")
                .containsEntry("PORT", "8081")
                .containsEntry("REDIS_URL", "redis://127.0.0.1:6379")
                .containsEntry("ARTIE_MEMORY_PATH", "/tmp/bench.db");
        assertThat(spec.command())
                .startsWith("/jdk/bin/java")
                .endsWith("-jar", "/repo/services/capabilities/target/artie-capabilities-0.1.0-SNAPSHOT-all.jar");
        assertThat(spec.log()).isEqualTo(Path.of("/repo/.artie/logs/capabilities.log"));
    }

    @Test
    void extraJavaOptionsComeAfterTheStacksOwnSoThatTheyWin() {
        ServiceLauncher launcher = new ServiceLauncher(
                LAYOUT, Path.of("java"), Map.of(ServiceLauncher.JAVA_OPTS, " -Xmx512m  -XX:TieredStopAtLevel=1 "));

        var command = launcher.childSpec(ServiceCatalog.named("http-chat"), 8080, "redis://r", Map.of())
                .command();

        assertThat(command)
                .containsSubsequence("@/repo/jvm/jvm.options", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar");
    }
}
