package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels on every child object; the NetworkPolicy and the informers select by them. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "artie-operator";
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String CONFIG_HASH = "artie.dev/config-hash";

    private Labels() {}

    /** Selector labels of one component's pods: stable, so never includes versions. */
    public static Map<String, String> selector(ArtieDeployment primary, String component) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(PART_OF, "artie");
        labels.put(INSTANCE, primary.getMetadata().getName());
        labels.put(COMPONENT, component);
        return labels;
    }

    public static Map<String, String> of(ArtieDeployment primary, String component) {
        var labels = selector(primary, component);
        labels.put(MANAGED_BY, OPERATOR);
        return labels;
    }

    /** Labels of objects that belong to the whole installation rather than one component. */
    public static Map<String, String> common(ArtieDeployment primary) {
        return of(primary, "config");
    }
}
