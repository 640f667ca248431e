package dev.artie.capabilities.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import dev.artie.capabilities.testing.EverythingServer;
import java.time.Duration;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP transports against the reference server run as its own process: streamable HTTP and SSE. */
class McpHttpTransportTest {
    private static final CapabilityContext ANN = new CapabilityContext("test", "ann", "c");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest
    @CsvSource({"streamableHttp, /mcp", "sse, /sse"})
    void listsAndCallsToolsOverHttp(String transport, String path) throws Exception {
        int port = EverythingServer.freePort();
        Process process = EverythingServer.startHttp(transport, port);
        McpServer server = McpServer.connect(
                new McpServerConfig("web", null, null, "http://127.0.0.1:" + port + path, null, null, null),
                TIMEOUT,
                TIMEOUT);
        try {
            assertThat(server.problem()).isNull();
            McpCapability capability = new McpCapability(server);

            assertThat(capability.name()).isEqualTo("mcp-web");
            assertThat(capability.actions()).extracting(a -> a.name()).contains("get-sum", "echo");
            assertThat(capability.execute("get-sum", Map.of("a", 2, "b", 3), ANN))
                    .isEqualTo("The sum of 2 and 3 is 5.");
            assertThat(capability.execute("echo", Map.of("message", "hi"), ANN)).isEqualTo("Echo: hi");
            assertThatThrownBy(() -> capability.execute("no-such-tool", Map.of(), ANN))
                    .isInstanceOf(CapabilityException.class)
                    .hasMessage("mcp-web has no tool 'no-such-tool'");
        } finally {
            server.close();
            process.destroy();
        }
    }

    @ParameterizedTest
    @CsvSource({"/mcp", "/sse"})
    void headersFromSendTheValuesOfTheVariablesTheyName(String path) throws Exception {
        String secret = System.getenv("ARTIE_TEST_SECRET");
        assertThat(secret).as("set by the surefire configuration").isNotBlank();
        try (MockWebServer fake = new MockWebServer()) {
            fake.enqueue(new MockResponse().setResponseCode(401));
            fake.start();

            McpServer server = McpServer.connect(
                    new McpServerConfig(
                            "keyed",
                            null,
                            null,
                            fake.url(path).toString(),
                            null,
                            null,
                            Map.of("Authorization", "ARTIE_TEST_SECRET", "X-Missing", "ARTIE_TEST_NOT_SET")),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(3));

            RecordedRequest request = fake.takeRequest();
            assertThat(request.getHeader("Authorization")).isEqualTo(secret);
            assertThat(request.getHeader("X-Missing")).isNull();
            assertThat(server.problem()).isNotBlank().doesNotContain(secret);
        }
    }

    @ParameterizedTest
    @CsvSource({"/mcp", "/sse"})
    void aServerThatDoesNotAnswerIsDownWithItsReason(String path) throws Exception {
        int closedPort = EverythingServer.freePort();

        McpServer server = McpServer.connect(
                new McpServerConfig("gone", null, null, "http://127.0.0.1:" + closedPort + path, null, null, null),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3));

        assertThat(server.problem()).isNotBlank();
        assertThat(server.tools()).isEmpty();
        assertThatThrownBy(() -> server.call("get-sum", Map.of()))
                .hasMessageStartingWith("MCP server gone is unavailable: ");
    }
}
