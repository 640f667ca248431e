package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** An MCP server: a command the capabilities container starts (stdio) or a URL (streamable HTTP). */
@ValidationRule(
        value = "has(self.command) != has(self.url)",
        message = "an MCP server needs exactly one of command or url")
@ValidationRule(
        value = "!has(self.url) || !has(self.env) || size(self.env) == 0",
        message = "env is for an MCP server started by command; a url server takes headers")
@ValidationRule(
        value = "!has(self.command) || !has(self.headers) || size(self.headers) == 0",
        message = "headers are for an MCP server reached by url; a command server takes env")
public class McpServerSpec {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the server; prefixes its tools' names.")
    public String name;

    @JsonPropertyDescription("Command started inside the capabilities container, speaking MCP over stdio.")
    public String command;

    @JsonPropertyDescription("Arguments of the command.")
    public List<String> args = new ArrayList<>();

    @Pattern("^https?://.+")
    @JsonPropertyDescription("URL of an MCP server reached over streamable HTTP.")
    public String url;

    @Size(max = 32)
    @JsonPropertyDescription(
            "Variables a command server gets, each from a Secret key (ARTIE_MCP_<NAME>_ENV_<i> in the capabilities container, by reference).")
    public List<McpSecretValue> env = new ArrayList<>();

    @Size(max = 32)
    @JsonPropertyDescription(
            "HTTP headers sent to a url server, each value from a Secret key, e.g. Authorization (ARTIE_MCP_<NAME>_HEADER_<i>, by reference).")
    public List<McpSecretValue> headers = new ArrayList<>();
}
