package dev.artie.capabilities.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real stdio MCP server (a Java source file run by this JVM's java) that answers with its own environment. The
 * test JVM's environment holds a secret (the pom sets it, as a deployment sets the model key and the Redis URL).
 */
class McpEnvironmentTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SECRET = "ARTIE_TEST_SECRET";
    private static final String NAMED = "ARTIE_TEST_PASSED_ON";

    @Test
    void aStdioServerGetsOnlyTheHarmlessVariablesAndThoseItsConfigNames() throws Exception {
        assertThat(System.getenv(SECRET))
                .as("set by the surefire configuration")
                .isNotBlank();
        McpServerConfig config = new McpServerConfig(
                "environment", java(), List.of(script()), null, List.of(NAMED, "ARTIE_TEST_NOT_SET"), null, null);

        try (McpServer server = McpServer.connect(config, TIMEOUT, TIMEOUT)) {
            assertThat(server.problem()).isNull();
            Map<String, String> environment = Arrays.stream(
                            server.call("environment", Map.of()).split("\n"))
                    .filter(line -> line.contains("="))
                    .collect(Collectors.toMap(
                            line -> line.substring(0, line.indexOf('=')),
                            line -> line.substring(line.indexOf('=') + 1)));

            assertThat(environment).containsKey("PATH").containsEntry(NAMED, System.getenv(NAMED));
            assertThat(environment.keySet()).isSubsetOf("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", NAMED);
            assertThat(environment.values()).noneMatch(value -> value.contains(System.getenv(SECRET)));
        }
    }

    @Test
    void envFromGivesTheServerAKeyUnderItsOwnNameFromTheVariableHoldingIt() throws Exception {
        McpServerConfig config = new McpServerConfig(
                "environment",
                java(),
                List.of(script()),
                null,
                null,
                Map.of("API_KEY", NAMED, "OTHER_KEY", "ARTIE_TEST_NOT_SET"),
                null);

        try (McpServer server = McpServer.connect(config, TIMEOUT, TIMEOUT)) {
            String environment = server.call("environment", Map.of());

            assertThat(environment)
                    .contains("API_KEY=" + System.getenv(NAMED) + "\n")
                    .doesNotContain(NAMED + "=")
                    .doesNotContain("OTHER_KEY")
                    .doesNotContain(System.getenv(SECRET));
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static String script() throws URISyntaxException {
        return Path.of(McpEnvironmentTest.class
                        .getResource("/mcp/EnvironmentServer.java")
                        .toURI())
                .toString();
    }
}
