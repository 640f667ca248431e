package dev.artie.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.cli.stack.ServiceCatalog;
import dev.artie.cli.stack.ServiceSpec;
import dev.artie.cli.stack.StackFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StackTargetTest {
    private static final ServiceSpec HTTP_CHAT = ServiceCatalog.named("http-chat");
    private static final StackFile RUNNING_STACK = new StackFile(
            ProcessHandle.current().pid(),
            Optional.of("redis://127.0.0.1:40001"),
            Map.of("http-chat", 40080),
            Map.of("http-chat", 2));

    @Test
    void defaultsAreThoseOfTheDocs() {
        StackTarget target = target(List.of(), Map.of(), Optional.empty());
        assertThat(target.redisUrl()).isEqualTo("redis://localhost:6379");
        assertThat(target.port(HTTP_CHAT)).isEqualTo(8080);
        assertThat(target.services()).extracting(ServiceSpec::name).containsExactly("capabilities", "http-chat");
    }

    @Test
    void aRunningStackBeatsTheDefaults() {
        StackTarget target = target(List.of(), Map.of(), Optional.of(RUNNING_STACK));
        assertThat(target.redisUrl()).isEqualTo("redis://127.0.0.1:40001");
        assertThat(target.port(HTTP_CHAT)).isEqualTo(40080);
        assertThat(target.restarts(HTTP_CHAT)).isEqualTo(2);
    }

    @Test
    void environmentBeatsTheRunningStackAndFlagsBeatEverything() {
        Map<String, String> env = Map.of("REDIS_URL", "redis://env:6379", "ARTIE_HTTP_CHAT_PORT", "9080");
        StackTarget fromEnv = target(List.of(), env, Optional.of(RUNNING_STACK));
        assertThat(fromEnv.redisUrl()).isEqualTo("redis://env:6379");
        assertThat(fromEnv.port(HTTP_CHAT)).isEqualTo(9080);

        StackTarget fromFlags = target(
                List.of("--redis-url", "redis://flag:1", "--port", "http-chat=7080"), env, Optional.of(RUNNING_STACK));
        assertThat(fromFlags.redisUrl()).isEqualTo("redis://flag:1");
        assertThat(fromFlags.port(HTTP_CHAT)).isEqualTo(7080);
        assertThat(fromFlags.baseUrl(HTTP_CHAT)).hasToString("http://localhost:7080");
    }

    @Test
    void aChannelJoinsWhenItsCredentialsAreSet() {
        Map<String, String> credentials = new java.util.HashMap<>();
        ServiceCatalog.named("discord").requiredEnv().forEach(variable -> credentials.put(variable, "x"));
        StackTarget target = target(List.of(), credentials, Optional.empty());
        assertThat(target.services())
                .extracting(ServiceSpec::name)
                .containsExactly("capabilities", "http-chat", "discord");
    }

    @Test
    void unknownServicesAndBadPortsAreRefused() {
        assertThatThrownBy(() -> target(List.of("--port", "htp-chat=1"), Map.of(), Optional.empty())
                        .port(HTTP_CHAT))
                .hasMessageContaining("htp-chat");
        assertThatThrownBy(() -> target(List.of("--port", "http-chat=99999"), Map.of(), Optional.empty())
                        .port(HTTP_CHAT))
                .hasMessageContaining("1-65535");
    }

    private static StackTarget target(List<String> words, Map<String, String> env, Optional<StackFile> running) {
        return new StackTarget(
                CommandLine.populateCommand(new StackOptions(), words.toArray(String[]::new)), env, running);
    }
}
