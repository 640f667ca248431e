package dev.artie.capabilities.capability;

import java.util.List;

/** Capabilities known only once the service runs (one per connected MCP server), rather than one bean each. */
public interface CapabilityProvider {
    List<Capability> capabilities();
}
