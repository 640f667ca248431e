package dev.artie.capabilities.catalog;

import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What Artie can do, read from the registry so that it is never out of date (MCP tools included). */
@Singleton
public class CatalogCapability implements Capability {
    public static final String NAME = "capabilities";
    public static final String LIST = "list";

    /** A provider: the registry holds this capability too, so it can only be looked up once both exist. */
    private final Provider<CapabilityRegistry> registry;

    public CatalogCapability(Provider<CapabilityRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Lists what Artie can do, for when the person asks what you can do.";
    }

    @Override
    public List<CapabilityAction> actions() {
        return List.of(new CapabilityAction(
                LIST,
                "List Artie's capabilities and their actions",
                Map.of("type", "object", "properties", Map.of()),
                null));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context) {
        return "Artie can:\n"
                + registry.get().all().stream()
                        .filter(capability -> !capability.name().equals(NAME))
                        .map(capability -> "- " + capability.name() + ": " + capability.description() + " ("
                                + capability.actions().stream()
                                        .map(CapabilityAction::name)
                                        .collect(Collectors.joining(", "))
                                + ")")
                        .collect(Collectors.joining("\n"));
    }
}
