package dev.artie.operator.workload;

import dev.artie.operator.crd.ArtieDeployment;

/** The one ServiceAccount every Artie pod runs as; its token is never mounted (the services do not call the API). */
public final class ServiceAccounts {
    private ServiceAccounts() {}

    public static String name(ArtieDeployment primary) {
        return primary.getMetadata().getName() + "-artie";
    }
}
