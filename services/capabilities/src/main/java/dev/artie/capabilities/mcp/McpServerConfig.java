package dev.artie.capabilities.mcp;

import io.micronaut.serde.annotation.Serdeable;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of {@code ARTIE_MCP_SERVERS}, as the operator writes it: a name and either a command (stdio, with args)
 * or a url (streamable HTTP; SSE when the path ends in {@code /sse}). {@code env} names the variables of the
 * service's environment a stdio server receives besides the harmless few every process gets (see {@link McpServer}).
 */
@Serdeable
public record McpServerConfig(String name, String command, List<String> args, String url, List<String> env) {
    /** The name becomes part of a capability name and of tool names, which allow only these characters. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public McpServerConfig {
        name = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        command = blankToNull(command);
        url = blankToNull(url);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
    }

    /** Why this entry cannot be used, or null when it can. */
    String problem() {
        if (!NAME.matcher(name).matches()) {
            return "an MCP server needs a name of letters, digits and '-' (at most 40), not '" + name + "'";
        }
        if ((command == null) == (url == null)) {
            return "MCP server '" + name + "' needs either a command or a url, not both or neither";
        }
        for (String variable : env) {
            if (variable == null || !VARIABLE.matcher(variable).matches()) {
                return "MCP server '" + name + "' names an environment variable that is not one: " + variable;
            }
        }
        if (url != null && !env.isEmpty()) {
            return "MCP server '" + name + "' has a url: env is only for a command it starts";
        }
        if (url != null) {
            try {
                URI uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    return "MCP server '" + name + "' has a url that is not http(s): " + url;
                }
            } catch (IllegalArgumentException e) {
                return "MCP server '" + name + "' has an unreadable url: " + url;
            }
        }
        return null;
    }

    boolean isSse() {
        return url != null && URI.create(url).getPath().endsWith("/sse");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
