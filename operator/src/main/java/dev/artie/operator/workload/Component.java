package dev.artie.operator.workload;

import dev.artie.catalogue.ArtieService;
import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentSpec;
import dev.artie.operator.crd.ChannelSpec;
import dev.artie.operator.crd.ResourceList;
import dev.artie.operator.crd.Resources;
import dev.artie.operator.crd.WorkloadSpec;
import java.util.function.Function;

/**
 * The Artie services the operator runs as Deployments: each one of the catalogue ({@link ArtieService}, its name and
 * port), with what only the operator knows of it (its condition, its part of the spec, its default resources).
 */
public enum Component {
    CAPABILITIES(
            ArtieService.CAPABILITIES,
            "Capabilities",
            s -> s.capabilities,
            new Resources(new ResourceList("100m", "384Mi"), new ResourceList("1", "768Mi"))),
    HTTP_CHAT(
            ArtieService.HTTP_CHAT,
            "HttpChat",
            s -> s.channels.http,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi"))),
    DISCORD(
            ArtieService.DISCORD,
            "Discord",
            s -> s.channels.discord,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi"))),
    SMS(
            ArtieService.SMS,
            "Sms",
            s -> s.channels.sms,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi"))),
    EMAIL(
            ArtieService.EMAIL,
            "Email",
            s -> s.channels.email,
            new Resources(new ResourceList("50m", "256Mi"), new ResourceList("500m", "512Mi")));

    private final ArtieService service;
    private final String conditionPrefix;
    private final Function<ArtieDeploymentSpec, WorkloadSpec> workload;
    private final Resources defaultResources;

    Component(
            ArtieService service,
            String conditionPrefix,
            Function<ArtieDeploymentSpec, WorkloadSpec> workload,
            Resources defaultResources) {
        this.service = service;
        this.conditionPrefix = conditionPrefix;
        this.workload = workload;
        this.defaultResources = defaultResources;
    }

    public ArtieService service() {
        return service;
    }

    /** Short name used in object names, labels and ConfigMap keys. */
    public String id() {
        return service.id();
    }

    public int port() {
        return service.port();
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
     * twice if two ran. The spec class states it, with its CEL rule ({@link WorkloadSpec#singleReplicaReason()});
     * ComponentCatalogueTest checks it against {@link ArtieService#singleInstance()}.
     */
    public boolean singleInstance(ArtieDeploymentSpec spec) {
        return workload(spec).singleReplicaReason() != null;
    }

    public boolean isChannel() {
        return service.isChannel();
    }

    /** Name of this component's Deployment and Service. */
    public String objectName(ArtieDeployment primary) {
        return primary.getMetadata().getName() + "-" + service.id();
    }
}
