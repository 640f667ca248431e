package dev.artie.capabilities.mcp;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityProvider;
import dev.artie.capabilities.capability.CapabilitySettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The configured MCP servers, connected when the service starts (a {@link Context} bean: a bad
 * {@code ARTIE_MCP_SERVERS} stops the start), all at once so that start waits for the slowest, not the sum. Only
 * servers that answered bring tools; the rest are reported by {@link McpHealthIndicator}. Calls use the capability
 * time-out. Off when {@code ARTIE_MCP_SERVERS} is empty.
 */
@Context
@Requires(property = "artie.mcp.servers", pattern = "(?s).*\\S.*")
public class McpConnections implements CapabilityProvider {
    private final List<McpServer> servers;
    private final List<Capability> capabilities;

    public McpConnections(McpSettings settings, CapabilitySettings capabilitySettings) {
        Duration connectTimeout = settings.connectTimeout();
        try (ExecutorService connecting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<McpServer>> pending = settings.serverList().stream()
                    .map(config -> connecting.submit(
                            () -> McpServer.connect(config, connectTimeout, capabilitySettings.timeout())))
                    .toList();
            this.servers = pending.stream().map(McpConnections::join).toList();
        }
        this.capabilities = servers.stream()
                .filter(server -> server.problem() == null)
                .<Capability>map(McpCapability::new)
                .toList();
    }

    private static McpServer join(Future<McpServer> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting MCP servers", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("connecting an MCP server failed", e.getCause());
        }
    }

    @Override
    public List<Capability> capabilities() {
        return capabilities;
    }

    List<McpServer> servers() {
        return servers;
    }

    /** Ends stdio servers' processes and HTTP sessions with the service. */
    @PreDestroy
    void close() {
        servers.forEach(McpServer::close);
    }
}
