package dev.artie.capabilities.mcp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ARTIE_MCP_SERVERS} (a JSON array, see docs/operator.md) and {@code ARTIE_MCP_CONNECT_TIMEOUT}. Read and
 * checked when the service starts, so a typo stops the start with its reason rather than silently losing tools.
 */
@ConfigurationProperties("artie.mcp")
public record McpSettings(String servers, @NotNull Duration connectTimeout) {

    public McpSettings {
        if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
            throw new IllegalArgumentException("ARTIE_MCP_CONNECT_TIMEOUT must be a positive duration, e.g. 20s");
        }
        parse(servers);
    }

    public List<McpServerConfig> serverList() {
        return parse(servers);
    }

    private static List<McpServerConfig> parse(String servers) {
        if (servers == null || servers.isBlank()) {
            return List.of();
        }
        List<McpServerConfig> parsed;
        try {
            parsed = ObjectMapper.getDefault().readValue(servers, Argument.listOf(McpServerConfig.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "ARTIE_MCP_SERVERS must be a JSON array of {name, command, args, url}: " + e.getMessage());
        }
        Set<String> names = new HashSet<>();
        for (McpServerConfig server : parsed == null ? List.<McpServerConfig>of() : parsed) {
            String problem = server.problem();
            if (problem != null) {
                throw new IllegalArgumentException("ARTIE_MCP_SERVERS: " + problem);
            }
            if (!names.add(server.name())) {
                throw new IllegalArgumentException("ARTIE_MCP_SERVERS names '" + server.name() + "' twice");
            }
        }
        return parsed == null ? List.of() : List.copyOf(parsed);
    }
}
