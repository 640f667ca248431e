package dev.artie.capabilities.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server: its connection (stdio process, streamable HTTP or SSE), its tools as listed at start,
 * and whether it works. A server that failed keeps its reason and offers no tools; the others are unaffected.
 */
final class McpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(McpServer.class);
    /** Bounds the listing of a server that pages forever. */
    private static final int MAX_TOOL_PAGES = 20;

    private final McpServerConfig config;
    private final McpSyncClient client;
    private final List<McpSchema.Tool> tools;
    private volatile String problem;

    private McpServer(McpServerConfig config, McpSyncClient client, List<McpSchema.Tool> tools, String problem) {
        this.config = config;
        this.client = client;
        this.tools = List.copyOf(tools);
        this.problem = problem;
    }

    /** Connects, initialises and lists the tools; never throws: a failure is a server without tools and a reason. */
    static McpServer connect(McpServerConfig config, Duration connectTimeout, Duration callTimeout) {
        McpSyncClient client = null;
        try {
            client = McpClient.sync(transport(config))
                    .initializationTimeout(connectTimeout)
                    .requestTimeout(callTimeout)
                    .clientInfo(new McpSchema.Implementation("artie", "0.1.0"))
                    .build();
            client.initialize();
            List<McpSchema.Tool> tools = listTools(client);
            LOG.info("MCP server {} connected with {} tools", config.name(), tools.size());
            return new McpServer(config, client, tools, null);
        } catch (RuntimeException e) {
            String reason = reason(e);
            LOG.warn("MCP server {} is unavailable, its tools are not offered: {}", config.name(), reason);
            if (client != null) {
                client.close();
            }
            return new McpServer(config, null, List.of(), reason);
        }
    }

    private static McpClientTransport transport(McpServerConfig config) {
        if (config.command() != null) {
            requireRunnable(config.command());
            Map<String, String> passedOn = new HashMap<>(config.env().stream()
                    .filter(name -> System.getenv(name) != null)
                    .collect(Collectors.toMap(name -> name, System::getenv)));
            passedOn.putAll(valuesOf(config, config.envFrom(), "envFrom"));
            return new IsolatedStdioTransport(ServerParameters.builder(config.command())
                    .args(config.args())
                    .env(passedOn)
                    .build());
        }
        Map<String, String> headers = valuesOf(config, config.headersFrom(), "headersFrom");
        McpSyncHttpClientRequestCustomizer withHeaders =
                (request, method, endpoint, body, context) -> headers.forEach(request::header);
        URI uri = URI.create(config.url());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = uri.getRawPath().isEmpty()
                ? "/"
                : uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return config.isSse()
                ? HttpClientSseClientTransport.builder(base)
                        .sseEndpoint(path)
                        .httpRequestCustomizer(withHeaders)
                        .build()
                : HttpClientStreamableHttpTransport.builder(base)
                        .endpoint(path)
                        .httpRequestCustomizer(withHeaders)
                        .build();
    }

    /**
     * The values of the service's variables a mapping names; an unset one is left out and named (never a value) in
     * the log, since the server may still work without it.
     */
    private static Map<String, String> valuesOf(McpServerConfig config, Map<String, String> mapping, String field) {
        Map<String, String> values = new HashMap<>();
        mapping.forEach((target, variable) -> {
            String value = System.getenv(variable);
            if (value == null) {
                LOG.warn(
                        "MCP server {}: {} {} names the variable {}, which is not set",
                        config.name(),
                        field,
                        target,
                        variable);
            } else {
                values.put(target, value);
            }
        });
        return values;
    }

    private static List<McpSchema.Tool> listTools(McpSyncClient client) {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_TOOL_PAGES; page++) {
            McpSchema.ListToolsResult result = cursor == null ? client.listTools() : client.listTools(cursor);
            tools.addAll(result.tools());
            cursor = result.nextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return tools;
    }

    String name() {
        return config.name();
    }

    List<McpSchema.Tool> tools() {
        return tools;
    }

    /** Null when the server works, else why not. */
    String problem() {
        return problem;
    }

    /** Calls one tool; an error the tool reports, or a failed call, is an exception with a message for the model. */
    String call(String tool, Map<String, Object> arguments) throws McpCallException {
        if (client == null) {
            throw new McpCallException("MCP server " + config.name() + " is unavailable: " + problem);
        }
        McpSchema.CallToolResult result;
        try {
            result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        } catch (RuntimeException e) {
            problem = reason(e); // shown in /health until a call succeeds again
            throw new McpCallException(config.name() + " could not run " + tool + ": " + problem);
        }
        problem = null;
        String text = text(result);
        if (Boolean.TRUE.equals(result.isError())) {
            throw new McpCallException(tool + " reported an error: " + text);
        }
        return text;
    }

    private static String text(McpSchema.CallToolResult result) {
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        String text = content.stream()
                .map(c -> c instanceof McpSchema.TextContent t ? t.text() : "[" + c.type() + " content]")
                .collect(Collectors.joining("\n"));
        if (text.isBlank() && result.structuredContent() != null) {
            return String.valueOf(result.structuredContent());
        }
        return text;
    }

    /** Every distinct message down the cause chain: the SDK's own ("failed to initialize") says little alone. */
    private static String reason(Throwable e) {
        java.util.LinkedHashSet<String> messages = new java.util.LinkedHashSet<>();
        for (Throwable cause = e; cause != null && messages.size() < 4; cause = cause.getCause()) {
            messages.add(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        return String.join(": ", messages);
    }

    /** A stdio command that cannot be run fails at once, rather than after the whole connect time-out. */
    private static void requireRunnable(String command) {
        Path path = Path.of(command);
        boolean runnable = command.contains("/")
                ? Files.isExecutable(path)
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
        if (!runnable) {
            throw new IllegalStateException("command not found or not executable: " + command);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    /**
     * The SDK's stdio transport, but the process starts with an empty environment: the SDK copies the service's
     * whole environment (model key, Redis URL and all) into every server it starts. What the server gets instead is
     * the SDK's few harmless variables (HOME, LOGNAME, PATH, SHELL, TERM, USER) and those its config names.
     */
    private static final class IsolatedStdioTransport extends StdioClientTransport {
        IsolatedStdioTransport(ServerParameters parameters) {
            super(parameters, McpJsonDefaults.getMapper());
        }

        @Override
        protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = new ProcessBuilder();
            builder.environment().clear();
            return builder;
        }
    }

    /** A tool call that failed; its message is for the model. */
    static final class McpCallException extends Exception {
        McpCallException(String message) {
            super(message);
        }
    }
}
