package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** What every Artie service's Deployment has: a replica count and resources. */
public abstract class WorkloadSpec {
    /** CEL rule of the workloads that run as one instance (docs/architecture.md). */
    static final String AT_MOST_ONE_REPLICA = "!has(self.replicas) || self.replicas <= 1";

    @Default("1")
    @Min(0)
    @JsonPropertyDescription("Number of pods.")
    public int replicas = 1;

    @JsonPropertyDescription(
            "Requests and limits of the service's container; unset fields take the defaults in docs/operator.md.")
    public Resources resources;

    /** The container image as the spec names it; null or blank means the operator's default (ImageDefaults). */
    public abstract String image();

    /**
     * Why this workload may run at most one replica (the message of its CEL rule, which the reconciler
     * applies too), or null when it scales out.
     */
    public String singleReplicaReason() {
        return null;
    }
}
