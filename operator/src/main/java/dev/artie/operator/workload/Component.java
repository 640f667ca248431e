package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentSpec;
import dev.artie.operator.crd.ChannelSpec;
import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.crd.Resources;
import dev.artie.operator.crd.WorkloadSpec;
import java.util.function.Function;

/** The Artie services the operator runs as Deployments, with their ports (docs/configuration.md) and defaults. */
public enum Component {
    CAPABILITIES(
            "capabilities",
            "Capabilities",
            8081,
            s -> s.capabilities,
            new Resources(new ResourceList("100m", "384Mi"), new ResourceList("1", "768Mi"))),
    HTTP_CHAT(
            "http-chat",
            "HttpChat",
            8080,
            s -> s.channels.http,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi"))),
    DISCORD(
            "discord",
            "Discord",
            8082,
            s -> s.channels.discord,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi"))),
    SMS(
            "sms",
            "Sms",
            8083,
            s -> s.channels.sms,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi"))),
    EMAIL(
            "email",
            "Email",
            8084,
            s -> s.channels.email,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi")));

    private final String id;
    private final String conditionPrefix;
    private final int port;
    private final Function<ArtieDeploymentSpec, WorkloadSpec> workload;
    private final Resources defaultResources;

    Component(
            String id,
            String conditionPrefix,
            int port,
            Function<ArtieDeploymentSpec, WorkloadSpec> workload,
            Resources defaultResources) {
        this.id = id;
        this.conditionPrefix = conditionPrefix;
        this.port = port;
        this.workload = workload;
        this.defaultResources = defaultResources;
    }

    /** Short name used in object names, labels and ConfigMap keys. */
    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    public String conditionType() {
        return conditionPrefix + "Ready";
    }

    public Resources defaultResources() {
        return defaultResources;
    }

    public WorkloadSpec workload(ArtieDeploymentSpec spec) {
        return workload.apply(spec);
    }

    /** Capabilities always runs; a channel runs when enabled. */
    public boolean enabled(ArtieDeploymentSpec spec) {
        return !(workload(spec) instanceof ChannelSpec channel) || channel.enabled();
    }

    /**
     * Runs as exactly one instance, even during a rollout (docs/architecture.md): capabilities owns the SQLite
     * memory (not with PostgreSQL memory); Discord's gateway and the IMAP reader would each answer every message
     * twice if two ran. The spec class states it, with its CEL rule ({@link WorkloadSpec#singleReplicaReason()}).
     */
    public boolean singleInstance(ArtieDeploymentSpec spec) {
        return workload(spec).singleReplicaReason() != null;
    }

    public boolean isChannel() {
        return this != CAPABILITIES;
    }

    /** Name of this component's Deployment and Service. */
    public String objectName(ArtieDeployment primary) {
        return primary.getMetadata().getName() + "-" + id;
    }
}
