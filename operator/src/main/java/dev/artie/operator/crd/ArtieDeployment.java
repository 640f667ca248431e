package dev.artie.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One Artie installation: Redis, the capabilities service and the enabled channels. */
@Group(ArtieDeployment.GROUP)
@Version(ArtieDeployment.VERSION)
@Kind("ArtieDeployment")
@Plural("artiedeployments")
@ShortNames("artie")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Channels", jsonPath = ".status.channels", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class ArtieDeployment extends CustomResource<ArtieDeploymentSpec, ArtieDeploymentStatus> implements Namespaced {
    public static final String GROUP = "artie.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected ArtieDeploymentSpec initSpec() {
        return new ArtieDeploymentSpec();
    }
}
