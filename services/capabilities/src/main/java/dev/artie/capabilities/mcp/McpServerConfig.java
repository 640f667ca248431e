package dev.artie.capabilities.mcp;

import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of {@code ARTIE_MCP_SERVERS}, as the operator writes it: a name and either a command (stdio, with args)
 * or a url (streamable HTTP; SSE when the path ends in {@code /sse}). {@code env} names the variables of the
 * service's environment a stdio server receives besides the harmless few every process gets (see {@link McpServer});
 * {@code envFrom} maps a variable the server receives to the service's variable holding its value, and
 * {@code headersFrom} maps an HTTP header sent to a url server to the service's variable holding its value. Only
 * names are configured here, so keys stay in the environment (Secret references, on Kubernetes) and never reach a
 * ConfigMap or a log line.
 */
@Serdeable
public record McpServerConfig(
        String name,
        String command,
        List<String> args,
        String url,
        List<String> env,
        Map<String, String> envFrom,
        Map<String, String> headersFrom) {
    /** The name becomes part of a capability name and of tool names, which allow only these characters. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public McpServerConfig {
        name = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        command = blankToNull(command);
        url = blankToNull(url);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        envFrom = envFrom == null ? Map.of() : Map.copyOf(envFrom);
        headersFrom = headersFrom == null ? Map.of() : Map.copyOf(headersFrom);
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
        for (Map.Entry<String, String> entry : envFrom.entrySet()) {
            if (!VARIABLE.matcher(entry.getKey()).matches()
                    || entry.getValue() == null
                    || !VARIABLE.matcher(entry.getValue()).matches()) {
                return "MCP server '" + name + "' has an envFrom entry that does not map a variable name to one: "
                        + entry.getKey();
            }
        }
        for (Map.Entry<String, String> entry : headersFrom.entrySet()) {
            if (!HEADER.matcher(entry.getKey()).matches()
                    || entry.getValue() == null
                    || !VARIABLE.matcher(entry.getValue()).matches()) {
                return "MCP server '" + name + "' has a headersFrom entry that does not map a header name to a "
                        + "variable name: " + entry.getKey();
            }
        }
        if (url != null && (!env.isEmpty() || !envFrom.isEmpty())) {
            return "MCP server '" + name + "' has a url: env and envFrom are only for a command it starts";
        }
        if (command != null && !headersFrom.isEmpty()) {
            return "MCP server '" + name + "' has a command: headersFrom is only for a url";
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
