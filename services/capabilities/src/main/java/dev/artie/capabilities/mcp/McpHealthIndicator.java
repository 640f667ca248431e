package dev.artie.capabilities.mcp;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Each MCP server's state in /health: "up (n tools)" or "down: reason". Always UP itself: a server that is down
 * takes away only its own tools, never the service's readiness.
 */
@Singleton
@Requires(beans = McpConnections.class)
public class McpHealthIndicator implements HealthIndicator {
    private final McpConnections connections;

    public McpHealthIndicator(McpConnections connections) {
        this.connections = connections;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, String> states = new LinkedHashMap<>();
        for (McpServer server : connections.servers()) {
            String problem = server.problem();
            states.put(
                    server.name(), problem == null ? "up (" + server.tools().size() + " tools)" : "down: " + problem);
        }
        return Mono.just(
                HealthResult.builder("mcp", HealthStatus.UP).details(states).build());
    }
}
