package dev.artie.operator.reconciler;

import dev.artie.operator.crd.ArtieDeploymentSpec;
import dev.artie.operator.workload.Component;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRD's replica limits, applied again by the reconciler: a resource stored before a rule existed, or
 * written with validation bypassed, must not run a second capabilities, Discord or email replica.
 */
final class SpecRules {
    private SpecRules() {}

    static List<String> violations(ArtieDeploymentSpec spec) {
        var violations = new ArrayList<String>();
        for (Component component : Component.values()) {
            var workload = component.workload(spec);
            if (workload.singleReplicaReason() != null && workload.replicas > 1) {
                violations.add(workload.singleReplicaReason() + " (it is " + workload.replicas + ")");
            }
        }
        return violations;
    }
}
