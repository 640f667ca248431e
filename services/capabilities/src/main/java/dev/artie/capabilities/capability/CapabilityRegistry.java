package dev.artie.capabilities.capability;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every capability, by name: the capability beans and what the providers bring (MCP servers). */
@Singleton
public class CapabilityRegistry {
    private final List<Capability> capabilities;

    public CapabilityRegistry(List<Capability> capabilities, List<CapabilityProvider> providers) {
        this.capabilities = Stream.concat(
                        capabilities.stream(), providers.stream().flatMap(p -> p.capabilities().stream()))
                .sorted(Comparator.comparing(Capability::name))
                .toList();
    }

    public List<Capability> all() {
        return capabilities;
    }

    public Optional<Capability> find(String name) {
        return capabilities.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<CapabilityAction> findAction(Capability capability, String action) {
        return capability.actions().stream()
                .filter(a -> a.name().equals(action))
                .findFirst();
    }
}
