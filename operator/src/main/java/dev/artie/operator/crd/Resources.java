package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Requests and limits of a container; a field left out takes the component's default (docs/operator.md). */
public class Resources {
    @JsonPropertyDescription(
            "Resources the scheduler reserves for the container. Unset fields take the component's default.")
    public ResourceList requests;

    @JsonPropertyDescription("Most the container may use. Unset fields take the component's default.")
    public ResourceList limits;

    public Resources() {}

    public Resources(ResourceList requests, ResourceList limits) {
        this.requests = requests;
        this.limits = limits;
    }
}
