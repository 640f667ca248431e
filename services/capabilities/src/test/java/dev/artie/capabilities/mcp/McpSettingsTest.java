package dev.artie.capabilities.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityRegistry;
import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class McpSettingsTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    @Test
    void readsTheOperatorsJsonArray() {
        McpSettings settings = new McpSettings("""
                [{"name":"Files","command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/data"]},
                 {"name":"search","url":"https://mcp.example.com/mcp"},
                 {"name":"legacy","url":"http://legacy.example.com:8080/sse"}]""", Duration.ofSeconds(5));

        assertThat(settings.serverList())
                .containsExactly(
                        new McpServerConfig(
                                "files",
                                "npx",
                                List.of("-y", "@modelcontextprotocol/server-filesystem", "/data"),
                                null,
                                null,
                                null,
                                null),
                        new McpServerConfig("search", null, null, "https://mcp.example.com/mcp", null, null, null),
                        new McpServerConfig(
                                "legacy", null, null, "http://legacy.example.com:8080/sse", null, null, null));
        assertThat(settings.serverList()).extracting(McpServerConfig::isSse).containsExactly(false, false, true);
    }

    @Test
    void keysAreNamedByTheVariablesHoldingThemNeverGivenInTheConfiguration() {
        McpSettings settings = new McpSettings("""
                [{"name":"gh","command":"gh-mcp","env":["HOME"],"envFrom":{"GITHUB_TOKEN":"ARTIE_MCP_GH_ENV_0"}},
                 {"name":"search","url":"https://mcp.example.com/mcp","headersFrom":{"Authorization":"SEARCH_AUTH"}}]""", Duration.ofSeconds(5));

        assertThat(settings.serverList())
                .containsExactly(
                        new McpServerConfig(
                                "gh",
                                "gh-mcp",
                                null,
                                null,
                                List.of("HOME"),
                                Map.of("GITHUB_TOKEN", "ARTIE_MCP_GH_ENV_0"),
                                null),
                        new McpServerConfig(
                                "search",
                                null,
                                null,
                                "https://mcp.example.com/mcp",
                                null,
                                null,
                                Map.of("Authorization", "SEARCH_AUTH")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"x\"}                                   | must be a JSON array",
                "[{\"command\":\"node\"}]                           | needs a name",
                "[{\"name\":\"a b\",\"command\":\"node\"}]          | needs a name",
                "[{\"name\":\"a\",\"command\":\"node\",\"env\":[\"A=B\"]}] | not one: A=B",
                "[{\"name\":\"a\",\"url\":\"http://x/mcp\",\"env\":[\"A\"]}] | only for a command",
                "[{\"name\":\"a\",\"url\":\"http://x/mcp\",\"envFrom\":{\"A\":\"B\"}}] | only for a command",
                "[{\"name\":\"a\",\"command\":\"n\",\"envFrom\":{\"A\":\"sk-123 value\"}}] | does not map a variable",
                "[{\"name\":\"a\",\"command\":\"n\",\"headersFrom\":{\"X-Key\":\"B\"}}] | only for a url",
                "[{\"name\":\"a\",\"url\":\"http://x/mcp\",\"headersFrom\":{\"Bad Header\":\"B\"}}] | not map a header",
                "[{\"name\":\"a\",\"url\":\"http://x/mcp\",\"headersFrom\":{\"X-Key\":\"Bearer x\"}}] | not map a header",
                "[{\"name\":\"x\"}]                                 | needs either a command or a url",
                "[{\"name\":\"x\",\"command\":\"n\",\"url\":\"http://h/\"}] | needs either a command or a url",
                "[{\"name\":\"x\",\"url\":\"file:///tmp/s\"}]       | not http(s)",
                "[{\"name\":\"x\",\"command\":\"a\"},{\"name\":\"X\",\"command\":\"b\"}] | names 'x' twice"
            })
    void refusesAnUnusableConfigurationWithItsReason(String json, String reason) {
        assertThatThrownBy(() -> new McpSettings(json, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ARTIE_MCP_SERVERS")
                .hasMessageContaining(reason);
    }

    @Test
    void aBadValueStopsTheServiceFromStarting() {
        try (FakeModelServer endpoint = new FakeModelServer()) {
            assertThatThrownBy(() -> ApplicationContext.run(TestServices.properties(
                                    redis.url(), endpoint, dir, "artie.mcp.servers", "[{\"name\":\"x\"}]"))
                            .close())
                    .hasStackTraceContaining("needs either a command or a url");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withoutServersThereIsNoMcpAtAll() throws Exception {
        try (FakeModelServer endpoint = new FakeModelServer();
                ApplicationContext context =
                        ApplicationContext.run(TestServices.properties(redis.url(), endpoint, dir))) {
            assertThat(context.containsBean(McpConnections.class)).isFalse();
            assertThat(context.containsBean(McpHealthIndicator.class)).isFalse();
            assertThat(context.getBean(CapabilityRegistry.class).all())
                    .noneMatch(capability -> capability.name().startsWith(McpCapability.PREFIX));
        }
    }
}
