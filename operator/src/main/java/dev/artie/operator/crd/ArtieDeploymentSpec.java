package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Desired state of one Artie installation. Nested objects default to their documented defaults. */
public class ArtieDeploymentSpec {
    @JsonPropertyDescription(
            "Redis, the queue between the channels and the capabilities service: managed by the operator or external.")
    public RedisSpec redis = new RedisSpec();

    @JsonPropertyDescription(
            "The capabilities service: runs the conversation, calls the models, keeps people's memories.")
    public CapabilitiesSpec capabilities = new CapabilitiesSpec();

    @JsonPropertyDescription("The channels people chat through. Only enabled channels get a Deployment and a Service.")
    public ChannelsSpec channels = new ChannelsSpec();

    @JsonPropertyDescription("MCP servers whose tools the capabilities service offers to the models.")
    public List<McpServerSpec> mcpServers = new ArrayList<>();

    @JsonPropertyDescription("Settings applied to every pod of this installation.")
    public PodSettings pod = new PodSettings();
}
