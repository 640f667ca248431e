package dev.artie.operator.crd;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs fabric8's CRD generator on the model, as the committed CRD was made. */
public final class GeneratedCrd {
    public static final String FILE = "artiedeployments.artie.dev-v1.yml";
    private static String cached;

    private GeneratedCrd() {}

    public static synchronized String yaml() {
        if (cached == null) {
            try {
                Path dir = Files.createTempDirectory("artie-crd");
                new CRDGenerator()
                        .inOutputDir(dir.toFile())
                        .forCRDVersions("v1")
                        .customResourceClasses(ArtieDeployment.class)
                        .generate();
                cached = Files.readString(dir.resolve(FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }
}
