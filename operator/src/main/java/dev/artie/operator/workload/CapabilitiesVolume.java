package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;

/** Names the capabilities memory claim. */
public final class CapabilitiesVolume {
    private CapabilitiesVolume() {}

    public static String claimName(ArtieDeployment primary) {
        return primary.getMetadata().getName() + "-capabilities-data";
    }
}
