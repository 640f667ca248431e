package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** CPU and memory quantities, in Kubernetes quantity notation. */
public class ResourceList {
    private static final String QUANTITY = "^([0-9]+(\\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$";

    @Pattern(QUANTITY)
    @JsonPropertyDescription("CPU quantity, e.g. 100m or 1.")
    public String cpu;

    @Pattern(QUANTITY)
    @JsonPropertyDescription("Memory quantity, e.g. 256Mi or 1Gi.")
    public String memory;

    public ResourceList() {}

    public ResourceList(String cpu, String memory) {
        this.cpu = cpu;
        this.memory = memory;
    }
}
