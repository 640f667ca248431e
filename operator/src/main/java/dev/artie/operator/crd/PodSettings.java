package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings copied onto every pod the operator creates. */
public class PodSettings {
    @JsonPropertyDescription("Names of Secrets (type kubernetes.io/dockerconfigjson) used to pull the images.")
    public List<String> imagePullSecrets = new ArrayList<>();

    @JsonPropertyDescription("Node labels every pod must match.")
    public Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations of every pod.")
    public List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription("Annotations added to every pod template.")
    public Map<String, String> annotations = new LinkedHashMap<>();
}
