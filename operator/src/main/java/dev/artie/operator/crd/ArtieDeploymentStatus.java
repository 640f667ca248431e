package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state: one condition per component plus Ready; never a secret value. */
public class ArtieDeploymentStatus {
    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Ready, Progressing or Degraded: the worst of the components' states.")
    public String phase;

    @JsonPropertyDescription("Enabled channels, comma-separated.")
    public String channels;

    @JsonPropertyDescription(
            "One condition per component (RedisReady, CapabilitiesReady, HttpChatReady, ...) and Ready for the whole.")
    public List<Condition> conditions = new ArrayList<>();
}
