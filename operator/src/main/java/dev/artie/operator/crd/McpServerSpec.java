package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** An MCP server: a command the capabilities container starts (stdio) or a URL (streamable HTTP). */
@ValidationRule(value = "has(self.command) != has(self.url)",
    message = "an MCP server needs exactly one of command or url")
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
}
