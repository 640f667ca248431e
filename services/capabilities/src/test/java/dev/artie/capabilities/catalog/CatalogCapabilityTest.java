package dev.artie.capabilities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.calculator.CalculatorCapability;
import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityRegistry;
import dev.artie.capabilities.units.UnitsCapability;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CatalogCapabilityTest {
    @Test
    void listsEveryOtherCapabilityWithItsActionsFromTheRegistry() {
        AtomicReference<CapabilityRegistry> registry = new AtomicReference<>();
        CatalogCapability catalog = new CatalogCapability(registry::get);
        List<Capability> all = new ArrayList<>(List.of(catalog, new CalculatorCapability(), new UnitsCapability()));
        registry.set(new CapabilityRegistry(all, List.of()));

        String listed = catalog.execute(CatalogCapability.LIST, Map.of(), new CapabilityContext("t", "p", "c"));

        assertThat(listed)
                .startsWith("Artie can:\n")
                .contains("- calculator: Evaluates arithmetic exactly")
                .contains("(calculate)")
                .contains("- units: Converts lengths")
                .contains("(convert)")
                .doesNotContain("- capabilities:");
    }
}
