package dev.artie.cli.stack;

import dev.artie.catalogue.ArtieService;
import java.util.Arrays;
import java.util.List;

/**
 * Every service the local stack knows, in start order: the catalogue's ({@link ArtieService}, where a new channel
 * is one entry; docs/local-stack.md), each run from its module's jar.
 */
public final class ServiceCatalog {
    private static final String VERSION = "0.1.0-SNAPSHOT";

    public static final List<ServiceSpec> ALL =
            Arrays.stream(ArtieService.values()).map(ServiceCatalog::of).toList();

    private ServiceCatalog() {}

    public static ServiceSpec named(String name) {
        return of(ArtieService.named(name));
    }

    public static ServiceSpec of(ArtieService service) {
        String name = service.id();
        return new ServiceSpec(
                name,
                "services/" + name + "/target/artie-" + name + "-" + VERSION + "-all.jar",
                service.port(),
                service.credentials());
    }
}
