package dev.artie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.testing.LocalStackProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A service that cannot start says why in one line before it exits: on Cloud Run "Container failed to start" leaves
 * only the logs to read (docs/cloud-run.md, Troubleshooting). The real SMS jar, started as a process.
 */
class StartupFailureTest {
    @Test
    void aMalformedRedisUrlIsNamedInOneLineAndThePasswordIsNot() throws Exception {
        var run = sms(Map.of(
                "REDIS_URL",
                "redis//:hunter2-secret@10.0.0.3:6378",
                "ARTIE_SMS_PUBLIC_URL",
                "https://sms.example.org"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines())
                .filteredOn(l -> l.contains("SmsApplication cannot start:"))
                .singleElement()
                .asString()
                .contains("REDIS_URL is not a Redis URL");
        assertThat(run.output()).doesNotContain("hunter2-secret");
    }

    @Test
    void aMissingRequiredSettingIsNamedInOneLine() throws Exception {
        var run = sms(Map.of("REDIS_URL", "redis://127.0.0.1:1"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines())
                .filteredOn(l -> l.contains("SmsApplication cannot start:"))
                .singleElement()
                .asString()
                .contains("ARTIE_SMS_PUBLIC_URL");
    }

    record Run(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private static Run sms(Map<String, String> env) throws IOException, InterruptedException {
        Path jar = LocalStackProcess.repository().resolve("services/sms/target/artie-sms-0.1.0-SNAPSHOT-all.jar");
        assertThat(jar)
                .as("runnable jar (built by `mvn verify` before this module)")
                .isRegularFile();
        Path log = Files.createTempFile("artie-sms-start", ".log");
        var builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ARTIE_") || k.equals("REDIS_URL"));
        builder.environment().putAll(env);
        builder.environment().put("PORT", "0");
        builder.environment().put("ARTIE_SMS_TWILIO_ACCOUNT_SID", "AC0000");
        builder.environment().put("ARTIE_SMS_TWILIO_AUTH_TOKEN", "token");
        builder.environment().put("ARTIE_SMS_FROM_NUMBER", "+15551234567");
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            // A service that started after all would never exit: give up on it after a minute.
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exited).as("the service exited; its output:\n" + output).isTrue();
            return new Run(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
