package dev.artie.operator.workload;

import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.crd.Resources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Merges the spec's requests and limits over a component's defaults, field by field. */
public final class ResourceDefaults {
    private ResourceDefaults() {}

    public static ResourceRequirements merge(Resources spec, Resources defaults) {
        Resources given = spec == null ? new Resources() : spec;
        return new ResourceRequirementsBuilder()
                .withRequests(quantities(given.requests, defaults.requests))
                .withLimits(quantities(given.limits, defaults.limits))
                .build();
    }

    private static Map<String, Quantity> quantities(ResourceList given, ResourceList defaults) {
        var map = new LinkedHashMap<String, Quantity>();
        map.put("cpu", new Quantity(given != null && given.cpu != null ? given.cpu : defaults.cpu));
        map.put("memory", new Quantity(given != null && given.memory != null ? given.memory : defaults.memory));
        return map;
    }
}
