package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A variable or header an MCP server is given, its value from a Secret key: never in the ConfigMap. */
public class McpSecretValue {
    @Required
    @Pattern("^[A-Za-z_][-A-Za-z0-9_]{0,127}$")
    @JsonPropertyDescription("Name of the variable (env: letters, digits, _) or header (headers).")
    public String name;

    @Required
    @JsonPropertyDescription("Secret key holding the value; the capabilities container gets it by reference.")
    public SecretKeyRef secretKeyRef;

    public McpSecretValue() {}

    public McpSecretValue(String name, SecretKeyRef secretKeyRef) {
        this.name = name;
        this.secretKeyRef = secretKeyRef;
    }
}
