package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** A PersistentVolumeClaim for a component's data. */
public class PersistenceSpec {
    @Default("true")
    @JsonPropertyDescription(
            "Keep the data on a PersistentVolumeClaim; false uses an emptyDir, lost when the pod goes.")
    public boolean enabled = true;

    @Default("1Gi")
    @Pattern("^[0-9]+(Mi|Gi|Ti)$")
    @JsonPropertyDescription("Size of the volume claim, e.g. 1Gi.")
    public String size = "1Gi";

    @JsonPropertyDescription("StorageClass of the volume claim; unset uses the cluster's default class.")
    public String storageClassName;
}
